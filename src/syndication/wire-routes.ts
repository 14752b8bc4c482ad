import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { Config } from '../config.ts'
import type { EditionContexts } from '../content/edition-context.ts'
import { AppError, isAppError } from '../errors.ts'
import { ErrorResponse } from '../http/api-schemas.ts'
import { html, type SafeHtml } from '../web/html.ts'
import { formatGmt } from '../web/format.ts'
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

const time = (d: Date | null) => (d ? html`<time datetime="${d.toISOString()}">${formatGmt(d)}</time>` : html`—`)

function state(i: WireItem, now: Date): SafeHtml {
  const badges: SafeHtml[] = []
  if (i.pubstatus === 'canceled') badges.push(html`<span class="nr-badge nr-badge--warn">KILLED</span>`)
  if (i.pubstatus === 'withheld') badges.push(html`<span class="nr-badge nr-badge--warn">withheld</span>`)
  if (i.embargoed && i.embargoed > now) badges.push(html`<span class="nr-badge nr-badge--warn">embargoed until ${time(i.embargoed)}</span>`)
  if (i.articleId !== null) badges.push(html`<a href="/newsroom/articles/${i.articleId}">${i.usedAs === 'published' ? 'published' : 'draft'}</a>`)
  if (i.versions > 1) badges.push(html`<span class="nr-badge">version ${i.version} (${i.versions} received)</span>`)
  return html`${badges.map((b) => html`${b} `)}`
}

function queuePage(
  frame: NewsroomFrame,
  o: { items: WireItem[]; q: string; agency: string; agencies: string[]; now: Date; nextHref?: string | undefined },
): SafeHtml {
  return newsroomLayout(
    frame,
    html`<h1>Wire</h1>
<p>Agency copy as it arrives (IPTC ninjs), newest change first. Urgency 1 is the most urgent.</p>
<form class="nr-form nr-inline" method="get" action="/newsroom/wire" role="search">
  <label for="wire-q">Search</label> <input id="wire-q" name="q" type="search" maxlength="200" value="${o.q}">
  <label for="wire-agency">Agency</label> <select id="wire-agency" name="agency"><option value="">All</option>${o.agencies.map((a) => html`<option${a === o.agency ? html` selected` : ''}>${a}</option>`)}</select>
  <button type="submit" class="nr-button nr-button--small">Search</button>
</form>
${
  o.items.length === 0
    ? html`<p>No wire items${o.q || o.agency ? ' match' : ' yet'}.</p>`
    : html`<table class="nr-table nr-wire"><thead><tr><th scope="col">Urgency</th><th scope="col">Time (GMT)</th><th scope="col">Agency</th><th scope="col">Headline</th><th scope="col">Place</th><th scope="col">State</th></tr></thead><tbody>${o.items.map(
        (i) =>
          html`<tr${i.pubstatus === 'canceled' ? html` class="nr-row--muted"` : ''}><td>${i.urgency ?? '—'}</td><td>${time(i.versionCreated ?? i.receivedAt)}</td><td>${i.agency}</td><td><a href="/newsroom/wire/${i.id}">${i.headline || '(no headline)'}</a></td><td>${i.located ?? ''}</td><td>${state(i, o.now)}</td></tr>`,
      )}</tbody></table>`
}
${o.nextHref ? html`<nav class="nr-pager" aria-label="Pages"><a href="${o.nextHref}">Older items</a></nav>` : ''}`,
  )
}

function itemPage(
  frame: NewsroomFrame,
  o: { item: WireItem; versions: Awaited<ReturnType<WireDesk['versions']>>; sections: { id: number; name: string; depth: number }[]; now: Date },
): SafeHtml {
  const i = o.item
  const usable = i.articleId === null && i.pubstatus !== 'canceled'
  const embargoed = i.embargoed !== null && i.embargoed > o.now
  const sectionSelect = (id: string) =>
    html`<label for="${id}">Section</label> <select id="${id}" name="sectionId">${o.sections.map((s) => html`<option value="${s.id}">${'— '.repeat(s.depth)}${s.name}</option>`)}</select>`
  return newsroomLayout(
    frame,
    html`<p><a href="/newsroom/wire">Wire</a> › ${i.agency}</p>
<h1>${i.headline || '(no headline)'}</h1>
<p class="nr-meta">${i.agency}${i.located ? html` · ${i.located}` : ''} · urgency ${i.urgency ?? '—'} · ${time(i.versionCreated ?? i.receivedAt)} · <code>${i.uri}</code> ${state(i, o.now)}</p>
${i.pubstatus === 'canceled' ? html`<p class="flash flash--error" role="alert">The agency has KILLED this item. ${i.articleId !== null ? html`Take down or replace <a href="/newsroom/articles/${i.articleId}">the story made from it</a>.` : 'Do not use it.'}</p>` : ''}
${i.articleId !== null && i.versions > 1 && i.pubstatus !== 'canceled' ? html`<p class="flash flash--ok" role="status">The agency has sent version ${i.version} since. Check <a href="/newsroom/articles/${i.articleId}">the story made from it</a>.</p>` : ''}
${embargoed ? html`<p class="flash flash--error" role="status">Embargoed until ${time(i.embargoed)}: it may be prepared as a draft but not published before then.</p>` : ''}
${
  usable
    ? html`<div class="nr-wire-actions">
<form class="nr-form nr-inline" method="post" action="/newsroom/wire/${i.id}/draft">${csrfField(frame.csrfToken)}${sectionSelect('draft-section')} <button type="submit" class="nr-button">Open as draft</button></form>
${embargoed || i.pubstatus === 'withheld' ? '' : html`<form class="nr-form nr-inline" method="post" action="/newsroom/wire/${i.id}/publish">${csrfField(frame.csrfToken)}${sectionSelect('publish-section')} <button type="submit" class="nr-button nr-button--danger">Publish as is</button></form>`}
</div>`
    : ''
}
<div class="nr-wire-copy">${i.bodyText.split('\n\n').map((p) => html`<p>${p}</p>`)}</div>
<h2>Versions received</h2>
<ol>${o.versions.map((v) => html`<li>${v.version || '(unnumbered)'} — ${v.pubstatus} — ${time(v.receivedAt)}</li>`)}</ol>`,
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
    title: 'Wire',
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
          const detail = e.fields.length ? ` (${e.fields.map((f) => `${f.field}: ${f.message}`).join('; ')})` : ''
          return showItem(request, reply, id, { kind: 'error', text: e.publicMessage + detail }, e.status)
        }
      },
    )
  }
}
