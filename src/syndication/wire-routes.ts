import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { Config } from '../config.ts'
import type { EditionContexts } from '../content/edition-context.ts'
import { AppError, isAppError } from '../errors.ts'
import { ErrorResponse } from '../http/api-schemas.ts'
import { html, type SafeHtml } from '../web/html.ts'
import { deskError, deskProblem } from '../web/desk-errors.ts'
import type { Translator } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'
import { csrfField, newsroomLayout, type NewsroomAssets, type NewsroomFrame, staffTr } from '../web/newsroom-layout.ts'
import type { RequireKey } from './key-access.ts'
import type { WireDesk, WireItem } from './wire-desk.ts'

const PushResult = Type.Object(
  {
    id: Type.Integer({ description: 'the wire item' }),
    status: Type.Union([Type.Literal('new'), Type.Literal('updated'), Type.Literal('unchanged')]),
    version: Type.String(),
    pubstatus: Type.String(),
  },
  { additionalProperties: false },
)
const QueueQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    agency: Type.Optional(Type.String({ maxLength: 200 })),
    before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$' })),
  },
  { additionalProperties: false },
)
const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) })
const UseForm = Type.Object(
  { sectionId: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$' })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
)
const PAGE = 100

const time = (tr: Translator, d: Date | null) => (d ? html`<time datetime="${d.toISOString()}">${tr.timestamp(d)}</time>` : html`—`)
const PUBSTATUS = ['usable', 'withheld', 'canceled']

function state(tr: Translator, i: WireItem, now: Date): SafeHtml {
  const badges: SafeHtml[] = []
  if (i.pubstatus === 'canceled') badges.push(html`<span class="nr-badge nr-badge--warn">${tr.t('desk.wire.killed')}</span>`)
  if (i.pubstatus === 'withheld') badges.push(html`<span class="nr-badge nr-badge--warn">${tr.t('desk.wire.withheld')}</span>`)
  if (i.embargoed && i.embargoed > now)
    badges.push(html`<span class="nr-badge nr-badge--warn">${tHtml(tr, 'desk.wire.embargoedUntil', { time: time(tr, i.embargoed) })}</span>`)
  if (i.articleId !== null)
    badges.push(html`<a href="/newsroom/articles/${i.articleId}">${tr.t(i.usedAs === 'published' ? 'desk.status.published' : 'desk.status.draft')}</a>`)
  if (i.versions > 1) badges.push(html`<span class="nr-badge">${tr.t('desk.wire.versionOf', { version: i.version, n: i.versions })}</span>`)
  return html`${badges.map((b) => html`${b} `)}`
}

function queuePage(
  frame: NewsroomFrame,
  o: { items: WireItem[]; q: string; agency: string; agencies: string[]; now: Date; nextHref?: string | undefined },
): SafeHtml {
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.wire.title')}</h1>
<p>${tr.t('desk.wire.intro')}</p>
<form class="nr-form nr-inline" method="get" action="/newsroom/wire" role="search">
  <label for="wire-q">${tr.t('desk.wire.search')}</label> <input id="wire-q" name="q" type="search" maxlength="200" value="${o.q}">
  <label for="wire-agency">${tr.t('desk.wire.agency')}</label> <select id="wire-agency" name="agency"><option value="">${tr.t('desk.wire.all')}</option>${o.agencies.map((a) => html`<option${a === o.agency ? html` selected` : ''}>${a}</option>`)}</select>
  <button type="submit" class="nr-button nr-button--small">${tr.t('desk.media.search')}</button>
</form>
${
  o.items.length === 0
    ? html`<p>${tr.t(o.q || o.agency ? 'desk.wire.noMatch' : 'desk.wire.empty')}</p>`
    : html`<table class="nr-table nr-wire"><thead><tr><th scope="col">${tr.t('desk.wire.urgency')}</th><th scope="col">${tr.t('desk.wire.time')}</th><th scope="col">${tr.t('desk.wire.agency')}</th><th scope="col">${tr.t('desk.wire.headline')}</th><th scope="col">${tr.t('desk.wire.place')}</th><th scope="col">${tr.t('desk.wire.state')}</th></tr></thead><tbody>${o.items.map(
        (i) =>
          html`<tr${i.pubstatus === 'canceled' ? html` class="nr-row--muted"` : ''}><td>${i.urgency ?? '—'}</td><td>${time(tr, i.versionCreated ?? i.receivedAt)}</td><td>${i.agency}</td><td><a href="/newsroom/wire/${i.id}">${i.headline || tr.t('desk.wire.noHeadline')}</a></td><td>${i.located ?? ''}</td><td>${state(tr, i, o.now)}</td></tr>`,
      )}</tbody></table>`
}
${o.nextHref ? html`<nav class="nr-pager" aria-label="${tr.t('desk.pages')}"><a href="${o.nextHref}">${tr.t('desk.wire.older')}</a></nav>` : ''}`,
  )
}

function itemPage(
  frame: NewsroomFrame,
  o: { item: WireItem; versions: Awaited<ReturnType<WireDesk['versions']>>; sections: { id: number; name: string; depth: number }[]; now: Date },
): SafeHtml {
  const i = o.item
  const tr = frame.tr
  const usable = i.articleId === null && i.pubstatus !== 'canceled'
  const embargoed = i.embargoed !== null && i.embargoed > o.now
  const sectionSelect = (id: string) =>
    html`<label for="${id}">${tr.t('desk.wire.section')}</label> <select id="${id}" name="sectionId">${o.sections.map((s) => html`<option value="${s.id}">${'— '.repeat(s.depth)}${s.name}</option>`)}</select>`
  return newsroomLayout(
    frame,
    html`<p><a href="/newsroom/wire">${tr.t('desk.wire.title')}</a> › ${i.agency}</p>
<h1>${i.headline || tr.t('desk.wire.noHeadline')}</h1>
<p class="nr-meta">${i.agency}${i.located ? html` · ${i.located}` : ''} · ${tr.t('desk.wire.urgencyOf', { urgency: i.urgency ?? '—' })} · ${time(tr, i.versionCreated ?? i.receivedAt)} · <code>${i.uri}</code> ${state(tr, i, o.now)}</p>
${i.pubstatus === 'canceled' ? html`<p class="flash flash--error" role="alert">${tr.t('desk.wire.killedNote')} ${i.articleId !== null ? tHtml(tr, 'desk.wire.takeDown', { story: html`<a href="/newsroom/articles/${i.articleId}">${tr.t('desk.wire.story')}</a>` }) : tr.t('desk.wire.doNotUse')}</p>` : ''}
${i.articleId !== null && i.versions > 1 && i.pubstatus !== 'canceled' ? html`<p class="flash flash--ok" role="status">${tHtml(tr, 'desk.wire.newVersion', { story: html`<a href="/newsroom/articles/${i.articleId}">${tr.t('desk.wire.story')}</a>` }, { version: i.version })}</p>` : ''}
${embargoed ? html`<p class="flash flash--error" role="status">${tHtml(tr, 'desk.wire.embargoNote', { time: time(tr, i.embargoed) })}</p>` : ''}
${
  usable
    ? html`<div class="nr-wire-actions">
<form class="nr-form nr-inline" method="post" action="/newsroom/wire/${i.id}/draft">${csrfField(frame.csrfToken)}${sectionSelect('draft-section')} <button type="submit" class="nr-button">${tr.t('desk.wire.openDraft')}</button></form>
${embargoed || i.pubstatus === 'withheld' ? '' : html`<form class="nr-form nr-inline" method="post" action="/newsroom/wire/${i.id}/publish">${csrfField(frame.csrfToken)}${sectionSelect('publish-section')} <button type="submit" class="nr-button nr-button--danger">${tr.t('desk.wire.publishAsIs')}</button></form>`}
</div>`
    : ''
}
<div class="nr-wire-copy">${i.bodyText.split('\n\n').map((p) => html`<p>${p}</p>`)}</div>
<h2>${tr.t('desk.wire.versions')}</h2>
<ol>${o.versions.map((v) => html`<li>${v.version || tr.t('desk.wire.unnumbered')} — ${PUBSTATUS.includes(v.pubstatus) ? tr.t(`desk.wire.pubstatus.${v.pubstatus as 'usable' | 'withheld' | 'canceled'}`) : v.pubstatus} — ${time(tr, v.receivedAt)}</li>`)}</ol>`,
  )
}

/** The wire desk's routes: the push endpoint (keys with the wire scope) and the newsroom's Wire queue. */
export async function wireRoutes(
  app: FastifyInstance,
  o: { desk: WireDesk; requireKey: RequireKey; config: Config; assets: NewsroomAssets; editions: EditionContexts; now: () => Date },
) {
  const { desk } = o
  app.addContentTypeParser('application/ninjs+json', { parseAs: 'string', bodyLimit: 1_048_576 }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string))
    } catch {
      done(new AppError('BAD_REQUEST', { message: 'The body is not valid JSON.' }), undefined)
    }
  })

  app.post(
    '/api/wire/items',
    {
      // authenticated by its API key alone (never a cookie), so no CSRF token is asked for
      config: { policy: 'public', csrf: false },
      bodyLimit: 1_048_576,
      schema: {
        hide: true,
        body: Type.Unknown({ description: 'one IPTC ninjs item (2.x; 1.x is converted)' }),
        response: { 202: PushResult, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const key = await o.requireKey(request, reply, 'wire')
      const result = await desk.ingest(request.body, { source: 'push', agency: key.name })
      return reply.code(202).send(result)
    },
  )

  const frame = (request: FastifyRequest, reply: FastifyReply, flash?: NewsroomFrame['flash']): NewsroomFrame => ({
    title: staffTr(request).t('desk.wire.title'),
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, o.config),
    assets: o.assets,
    current: '/newsroom/wire',
    flash,
  })
  const send = (reply: FastifyReply, page: SafeHtml, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)

  app.get<{ Querystring: Static<typeof QueueQuery> }>(
    '/newsroom/wire',
    { config: { policy: 'editor' }, schema: { querystring: QueueQuery } },
    async (request, reply) => {
      const q = (request.query.q ?? '').trim()
      const agency = request.query.agency ?? ''
      const before = request.query.before ? Number(request.query.before) : undefined
      const items = await desk.list({ search: q, agency: agency || undefined, before, limit: PAGE + 1 })
      const shown = items.slice(0, PAGE)
      const next = items.length > PAGE ? `/newsroom/wire?${new URLSearchParams({ q, agency, before: String(shown.at(-1)!.id) })}` : undefined
      return send(reply, queuePage(frame(request, reply), { items: shown, q, agency, agencies: await desk.agencies(), now: o.now(), nextHref: next }))
    },
  )

  const showItem = async (request: FastifyRequest, reply: FastifyReply, id: number, flash?: NewsroomFrame['flash'], status = 200) => {
    const item = await desk.get(id)
    if (!item) throw new AppError('WIRE_ITEM_NOT_FOUND')
    const ctx = await o.editions.get()
    const depth = (s: { parentId: number | null }): number => (s.parentId === null ? 0 : 1 + depth(ctx.byId.get(s.parentId) ?? { parentId: null }))
    const sections = ctx.sections.map((s) => ({ id: s.id, name: s.name, depth: depth(s) }))
    return send(reply, itemPage(frame(request, reply, flash), { item, versions: await desk.versions(id), sections, now: o.now() }), status)
  }

  app.get<{ Params: Static<typeof IdParams> }>(
    '/newsroom/wire/:id',
    { config: { policy: 'editor' }, schema: { params: IdParams, querystring: Type.Object({}) } },
    (request, reply) => showItem(request, reply, Number(request.params.id)),
  )

  for (const action of ['draft', 'publish'] as const) {
    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof UseForm> }>(
      `/newsroom/wire/:id/${action}`,
      { config: { policy: 'editor' }, bodyLimit: 8192, schema: { params: IdParams, body: UseForm } },
      async (request, reply) => {
        const id = Number(request.params.id)
        const who = request.auth!.principal
        const sectionId = Number(request.body.sectionId ?? (await o.editions.get()).sections[0]?.id ?? 0)
        try {
          const articleId = action === 'draft' ? await desk.openAsDraft(id, sectionId, who) : await desk.publishAsIs(id, sectionId, who)
          return reply.redirect(`/newsroom/articles/${articleId}`, 303)
        } catch (e) {
          if (!isAppError(e) || !['CONFLICT', 'VALIDATION_FAILED', 'NINJS_INVALID'].includes(e.code)) throw e
          const tr = staffTr(request)
          const detail = e.fields.length ? ` (${e.fields.map((f) => `${f.field}: ${deskProblem(tr, f.message)}`).join('; ')})` : ''
          return showItem(request, reply, id, { kind: 'error', text: deskError(tr, e) + detail }, e.status)
        }
      },
    )
  }
}
