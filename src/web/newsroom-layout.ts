import type { FastifyRequest } from 'fastify'
import type { Principal } from '../http/permissions.ts'
import { allows } from '../http/permissions.ts'
import { CSRF_FIELD } from '../http/permissions.ts'
import { html, jsonForScript, type HtmlValue, type SafeHtml } from './html.ts'
import { staffTranslator, type MessageKey, type Translator } from './i18n.ts'
import { newsroomEn } from './messages/newsroom.en.ts'
import { newsroomRu } from './messages/newsroom.ru.ts'

export interface NewsroomAssets {
  css: string
  icon: string
  script: string
}

export interface NewsroomFrame {
  title: string
  who: Principal | null
  csrfToken: string
  assets: NewsroomAssets
  /** The newsroom's words in this person's language (staffTranslator). */
  tr: Translator
  current?: string
  flash?: { kind: 'ok' | 'error'; text: string } | undefined
}

/** Links of the newsroom's navigation, each shown only to the roles that may use it. */
export const NEWSROOM_NAV: { href: string; label: MessageKey; policy: 'staff' | 'reporter' | 'editor' | 'moderator' | 'admin'; badge?: string }[] = [
  { href: '/newsroom', label: 'nr.nav.articles', policy: 'staff' },
  { href: '/newsroom/articles/new', label: 'nr.nav.new', policy: 'reporter' },
  { href: '/newsroom/review', label: 'nr.nav.review', policy: 'editor', badge: 'review' },
  { href: '/newsroom/notifications', label: 'nr.nav.notifications', policy: 'staff', badge: 'notifications' },
  { href: '/newsroom/media', label: 'nr.nav.media', policy: 'staff' },
  { href: '/newsroom/wire', label: 'nr.nav.wire', policy: 'editor' },
  { href: '/newsroom/links', label: 'nr.nav.links', policy: 'editor' },
  { href: '/newsroom/moderation', label: 'nr.nav.moderation', policy: 'moderator' },
  { href: '/newsroom/sections', label: 'nr.nav.sections', policy: 'admin' },
  { href: '/newsroom/editions', label: 'nr.nav.editions', policy: 'admin' },
  { href: '/newsroom/people', label: 'nr.nav.people', policy: 'admin' },
  { href: '/newsroom/stations', label: 'nr.nav.stations', policy: 'admin' },
  { href: '/newsroom/syndication', label: 'nr.nav.syndication', policy: 'admin' },
  { href: '/newsroom/audit', label: 'nr.nav.audit', policy: 'admin' },
  { href: '/newsroom/mail', label: 'nr.nav.mail', policy: 'admin' },
  { href: '/newsroom/tokens', label: 'nr.nav.tokens', policy: 'staff' },
  { href: '/newsroom/account', label: 'nr.nav.account', policy: 'staff' },
]

/** The newsroom's words for this request: the language on the person's account, else the browser's. */
export function staffTr(request: FastifyRequest): Translator {
  return staffTranslator(request.auth?.principal, request.headers['accept-language'])
}

const PROBLEMS = (Object.entries(newsroomEn) as [MessageKey, string][]).filter(([k]) => k.startsWith('nr.problem.'))
const PROBLEM_KEYS = new Map<string, MessageKey>(PROBLEMS.filter(([, v]) => !v.includes('{')).map(([k, v]) => [v, k]))
// a problem with values in it ("Password must be at least {n} characters long.", "Picture {n} (block
// {block}) needs alt text…"): matched with its values, numbers as digits and words as any text
const NUMERIC = new Set(['n', 'block', 'max', 'min', 'count'])
const PROBLEM_PATTERNS = PROBLEMS.filter(([, v]) => /\{\w+\}/.test(v) && !v.includes(', plural,')).map(([k, v]) => {
  const names: string[] = []
  const source = v.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name)
    return NUMERIC.has(name) ? '(\\d+)' : '(.+?)'
  })
  return [new RegExp(`^${source}$`, 's'), k, names] as const
})

/**
 * A problem the services word in English (shared with the API's JSON answers), in the newsroom's
 * language where the catalogue has its words ("nr.problem.…" holds the English text it stands for).
 */
export function problemText(tr: Translator, message: string): string {
  const key = PROBLEM_KEYS.get(message)
  if (key) return tr.t(key)
  for (const [re, k, names] of PROBLEM_PATTERNS) {
    const m = re.exec(message)
    if (!m) continue
    const values: Record<string, string | number> = {}
    names.forEach((name, i) => {
      const v = m[i + 1]!
      // an article's status is one of the newsroom's words too
      values[name] = NUMERIC.has(name) ? Number(v) : name === 'status' && `nr.status.${v}` in newsroomEn ? tr.t(`nr.status.${v}` as MessageKey) : v
    })
    return tr.t(k, values)
  }
  return message
}

/** A sign-in refusal in the newsroom's language (the wait of a rate limit in whole minutes). */
export function authProblem(tr: Translator, e: { code: string; publicMessage: string; retryAfterSeconds?: number | undefined }): string {
  if (e.code === 'RATE_LIMITED' && e.retryAfterSeconds !== undefined && !tr.lang.startsWith('en'))
    return tr.t('nr.signIn.tooMany', { minutes: Math.max(1, Math.ceil(e.retryAfterSeconds / 60)) })
  return problemText(tr, e.publicMessage)
}

/** The newsroom catalogues other than English, by language code (a key one lacks reads English). */
const CATALOGUES: Record<string, Partial<Record<MessageKey, string>>> = { ru: newsroomRu }
const clientMade = new Map<string, SafeHtml>()

/**
 * The scripts' words for this translator's language, as JSON for <script id="nr-messages">
 * (client/newsroom/i18n.ts): each nr.client.* message with its {name}s for the script to fill, a
 * count's message as its plural forms; and the services' English problems in this language.
 */
export function clientMessages(tr: Translator): SafeHtml {
  let made = clientMade.get(tr.locale)
  if (made) return made
  const code = tr.lang.split('-')[0] ?? 'en'
  const keys = (Object.keys(newsroomEn) as MessageKey[]).filter((k) => k.startsWith('nr.client.'))
  const messages = Object.fromEntries(
    keys.map((k) => {
      const raw = CATALOGUES[code]?.[k] ?? (newsroomEn as Record<string, string>)[k]!
      return [k, /\{n, plural,/.test(raw) ? tr.pluralForms(k) : raw]
    }),
  )
  const problems = code === 'en' ? {} : Object.fromEntries(PROBLEMS.filter(([, v]) => !v.includes('{')).map(([k, v]) => [v, tr.t(k)]))
  made = jsonForScript({ messages, problems })
  clientMade.set(tr.locale, made)
  return made
}

/** A hidden CSRF field for a form. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`
}

/** The newsroom's frame: staff navigation, who is signed in, sign-out. */
export function newsroomLayout(f: NewsroomFrame, main: HtmlValue): SafeHtml {
  return html`<!doctype html>
<html lang="${f.tr.lang}" dir="${f.tr.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="csrf-token" content="${f.csrfToken}">
<title>${f.tr.t('nr.titleSuffix', { title: f.title })}</title>
<link rel="stylesheet" href="${f.assets.css}">
<link rel="icon" href="${f.assets.icon}" type="image/svg+xml">
<script type="module" src="${f.assets.script}"></script>
<script type="application/json" id="nr-messages">${clientMessages(f.tr)}</script>
</head>
<body class="newsroom">
<a class="skip-link" href="#main">${f.tr.t('site.skip')}</a>
<header class="nr-header">
  <a class="nr-logo" href="/newsroom">DATELINE <span>${f.tr.t('nr.brand')}</span></a>
  ${
    f.who
      ? html`<nav aria-label="${f.tr.t('nr.nav')}"><ul>${NEWSROOM_NAV.filter((n) => allows(n.policy, f.who)).map(
          (n) =>
            html`<li><a href="${n.href}"${f.current === n.href ? html` aria-current="page"` : ''}>${f.tr.t(n.label)}${n.badge ? html` <span class="nr-count" data-badge="${n.badge}" hidden></span>` : ''}</a></li>`,
        )}<li><a href="/">${f.tr.t('nr.nav.viewSite')}</a></li></ul></nav>
  <form class="nr-signout" method="post" action="/newsroom/sign-out">${csrfField(f.csrfToken)}<span>${f.tr.t('nr.signedIn', { name: f.who.displayName, role: f.tr.t(`nr.role.${f.who.role ?? 'reader'}`) })}</span> <button type="submit">${f.tr.t('nr.signOut')}</button></form>`
      : ''
  }
</header>
<main id="main" tabindex="-1">
${f.flash ? html`<p class="flash flash--${f.flash.kind}" role="${f.flash.kind === 'error' ? 'alert' : 'status'}">${f.flash.text}</p>` : ''}
${main}
</main>
</body>
</html>`
}

/** A labelled input with its error message beside it. */
export function field(o: {
  name: string
  label: string
  value?: string | number | null | undefined
  type?: string
  error?: string | undefined
  hint?: string
  required?: boolean
  attrs?: HtmlValue
  id?: string
}): SafeHtml {
  const id = o.id ?? `f-${o.name.replace(/[^a-zA-Z0-9]+/g, '-')}`
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return html`<div class="nr-field${o.error ? ' nr-field--error' : ''}" data-field="${o.name}">
  <label for="${id}">${o.label}</label>
  ${o.hint ? html`<p class="nr-hint" id="${id}-hint">${o.hint}</p>` : ''}
  <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.required ? html` required` : ''}${o.error ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''} ${o.attrs}>
  <p class="nr-error" id="${id}-error" data-error-for="${o.name}"${o.error ? '' : html` hidden`}>${o.error ?? ''}</p>
</div>`
}
