import type { Principal } from '../http/permissions.ts'
import { allows } from '../http/permissions.ts'
import { CSRF_FIELD } from '../http/permissions.ts'
import { html, type HtmlValue, type SafeHtml } from './html.ts'

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
  current?: string
  flash?: { kind: 'ok' | 'error'; text: string } | undefined
}

/** Links of the newsroom's navigation, each shown only to the roles that may use it. */
export const NEWSROOM_NAV: { href: string; label: string; policy: 'staff' | 'reporter' | 'editor' | 'moderator' | 'admin'; badge?: string }[] = [
  { href: '/newsroom', label: 'Articles', policy: 'staff' },
  { href: '/newsroom/articles/new', label: 'New article', policy: 'reporter' },
  { href: '/newsroom/review', label: 'Review', policy: 'editor', badge: 'review' },
  { href: '/newsroom/notifications', label: 'Notifications', policy: 'staff', badge: 'notifications' },
  { href: '/newsroom/media', label: 'Media', policy: 'staff' },
  { href: '/newsroom/wire', label: 'Wire', policy: 'editor' },
  { href: '/newsroom/links', label: 'Short links', policy: 'editor' },
  { href: '/newsroom/moderation', label: 'Moderation', policy: 'moderator' },
  { href: '/newsroom/sections', label: 'Sections', policy: 'admin' },
  { href: '/newsroom/editions', label: 'Editions', policy: 'admin' },
  { href: '/newsroom/people', label: 'People', policy: 'admin' },
  { href: '/newsroom/stations', label: 'Radio', policy: 'admin' },
  { href: '/newsroom/syndication', label: 'Syndication', policy: 'admin' },
  { href: '/newsroom/audit', label: 'Audit log', policy: 'admin' },
  { href: '/newsroom/mail', label: 'Mail log', policy: 'admin' },
  { href: '/newsroom/tokens', label: 'API tokens', policy: 'staff' },
  { href: '/newsroom/account', label: 'Your account', policy: 'staff' },
]

/** A hidden CSRF field for a form. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`
}

/** The newsroom's frame: staff navigation, who is signed in, sign-out. */
export function newsroomLayout(f: NewsroomFrame, main: HtmlValue): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="csrf-token" content="${f.csrfToken}">
<title>${f.title} · Dateline Newsroom</title>
<link rel="stylesheet" href="${f.assets.css}">
<link rel="icon" href="${f.assets.icon}" type="image/svg+xml">
<script type="module" src="${f.assets.script}"></script>
</head>
<body class="newsroom">
<a class="skip-link" href="#main">Skip to content</a>
<header class="nr-header">
  <a class="nr-logo" href="/newsroom">DATELINE <span>Newsroom</span></a>
  ${
    f.who
      ? html`<nav aria-label="Newsroom"><ul>${NEWSROOM_NAV.filter((n) => allows(n.policy, f.who)).map(
          (n) =>
            html`<li><a href="${n.href}"${f.current === n.href ? html` aria-current="page"` : ''}>${n.label}${n.badge ? html` <span class="nr-count" data-badge="${n.badge}" hidden></span>` : ''}</a></li>`,
        )}<li><a href="/">View site</a></li></ul></nav>
  <form class="nr-signout" method="post" action="/newsroom/sign-out">${csrfField(f.csrfToken)}<span>${f.who.displayName} (${f.who.role ?? 'reader'})</span> <button type="submit">Sign out</button></form>`
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
