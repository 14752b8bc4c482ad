import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { html, type SafeHtml } from '../web/html.ts'
import type { MessageKey, Translator } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'
import { csrfField, newsroomLayout, type NewsroomAssets, type NewsroomFrame, staffTr } from '../web/newsroom-layout.ts'
import { cleanName } from './key-pages.ts'
import { WEBHOOK_EVENTS, type WebhookEvent } from './tables.ts'
import { SIGNATURE_HEADER, type DeliveryLogEntry, type WebhookEndpoint, type Webhooks } from './webhooks.ts'

const EventSchema = Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e)))
const EndpointForm = Type.Object(
  {
    url: Type.Optional(Type.String({ maxLength: 4000 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    events: Type.Optional(Type.Union([EventSchema, Type.Array(EventSchema, { maxItems: 4 })])),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
const CsrfForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) })
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })

const EVENT_TEXT: Record<WebhookEvent, MessageKey> = {
  'article.published': 'desk.hooks.event.published',
  'article.updated': 'desk.hooks.event.updated',
  'article.unpublished': 'desk.hooks.event.unpublished',
  'comment.approved': 'desk.hooks.event.comment',
}
const DELIVERY_STATES = ['pending', 'delivered', 'failed']

const time = (tr: Translator, d: Date | null) => (d ? html`<time datetime="${d.toISOString()}">${tr.timestamp(d)}</time>` : html`—`)

/** A webhook address as typed: http(s), no credentials; the address itself is checked at each delivery. */
export function checkEndpointUrl(text: string): string | undefined {
  let u: URL
  try {
    u = new URL(text.trim())
  } catch {
    return undefined
  }
  if (!['http:', 'https:'].includes(u.protocol) || u.username || u.password || u.href.length > 2000) return undefined
  return u.href
}

function webhooksPage(
  frame: NewsroomFrame,
  o: {
    endpoints: WebhookEndpoint[]
    made?: { url: string; secret: string }
    error?: string
    draft?: { url: string; description: string; events: WebhookEvent[] }
  },
): SafeHtml {
  const checked = (e: WebhookEvent) => (o.draft ? o.draft.events.includes(e) : true)
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.hooks.title')}</h1>
<p><a href="/newsroom/syndication">${tr.t('desk.keys.title')}</a> › ${tr.t('desk.hooks.title')}. ${tHtml(tr, 'desk.hooks.intro', {
      header: html`<code>${SIGNATURE_HEADER}</code>`,
      format: html`<code>t=&lt;${tr.t('desk.hooks.unixTime')}&gt;,v1=&lt;${tr.t('desk.hooks.hmac')}&gt;</code>`,
    })}</p>
${o.made ? html`<div class="flash flash--ok" role="status"><p>${tr.t('desk.hooks.added', { url: o.made.url })}</p><p><code class="nr-secret">${o.made.secret}</code></p></div>` : ''}
<h2>${tr.t('desk.hooks.new')}</h2>
<form class="nr-form" method="post" action="/newsroom/syndication/webhooks" novalidate>
  ${csrfField(frame.csrfToken)}
  <div class="nr-field${o.error ? ' nr-field--error' : ''}">
    <label for="wh-url">${tr.t('desk.hooks.address')}</label>
    <input id="wh-url" name="url" type="url" required maxlength="2000" value="${o.draft?.url ?? ''}"${o.error ? html` aria-invalid="true" aria-describedby="wh-error"` : ''}>
    ${o.error ? html`<p class="nr-error" id="wh-error">${o.error}</p>` : ''}
  </div>
  <div class="nr-field"><label for="wh-desc">${tr.t('desk.hooks.what')}</label><input id="wh-desc" name="description" maxlength="200" value="${o.draft?.description ?? ''}"></div>
  <fieldset class="nr-field"><legend>${tr.t('desk.hooks.when')}</legend>
  ${WEBHOOK_EVENTS.map((e) => html`<label><input type="checkbox" name="events" value="${e}"${checked(e) ? html` checked` : ''}> ${tr.t(EVENT_TEXT[e])} (<code>${e}</code>)</label><br>`)}
  </fieldset>
  <button type="submit" class="nr-button">${tr.t('desk.hooks.add')}</button>
</form>
<h2>${tr.t('desk.hooks.endpoints')}</h2>
${
  o.endpoints.length === 0
    ? html`<p>${tr.t('desk.hooks.empty')}</p>`
    : html`<table class="nr-table"><thead><tr><th scope="col">${tr.t('desk.hooks.addressCol')}</th><th scope="col">${tr.t('desk.hooks.events')}</th><th scope="col">${tr.t('desk.hooks.state')}</th></tr></thead><tbody>${o.endpoints.map(
        (e) =>
          html`<tr><td><a href="/newsroom/syndication/webhooks/${e.id}">${e.url}</a>${e.description ? html`<br><small>${e.description}</small>` : ''}</td><td>${e.events.join(', ')}</td><td>${tr.t(e.active ? 'desk.hooks.active' : 'desk.hooks.paused')}</td></tr>`,
      )}</tbody></table>`
}`,
  )
}

function endpointPage(frame: NewsroomFrame, e: WebhookEndpoint, log: Awaited<ReturnType<Webhooks['deliveryLog']>>): SafeHtml {
  const tr = frame.tr
  const state = (s: string) => (DELIVERY_STATES.includes(s) ? tr.t(`desk.hooks.delivery.${s}` as MessageKey) : s)
  const row = (d: DeliveryLogEntry & { tries: { at: Date; statusCode: number | null; error: string | null; durationMs: number }[] }) => html`<tr>
  <td>${d.id}</td><td><code>${d.event}</code></td><td>${time(tr, d.createdAt)}</td>
  <td><span class="nr-badge${d.status === 'failed' ? ' nr-badge--warn' : ''}">${state(d.status)}</span></td>
  <td>${tr.number(d.attempts)}</td>
  <td>${d.status === 'pending' ? time(tr, d.nextAttemptAt) : d.status === 'delivered' ? time(tr, d.deliveredAt) : '—'}</td>
  <td><ol class="nr-attempts">${d.tries.map((t) => html`<li>${time(tr, t.at)}: ${t.statusCode ?? tr.t('desk.hooks.noAnswer')}${t.error ? html` — ${t.error}` : ''} (${tr.t('desk.hooks.ms', { n: tr.number(t.durationMs) })})</li>`)}</ol></td>
</tr>`
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.hooks.one', { url: e.url })}</h1>
<p><a href="/newsroom/syndication/webhooks">${tr.t('desk.hooks.title')}</a> › ${e.url}. ${e.description}</p>
<p>${tr.t('desk.hooks.eventsList', { list: e.events.join(', ') })} ${tr.t(e.active ? 'desk.hooks.isActive' : 'desk.hooks.isPaused')}</p>
<form class="nr-inline" method="post" action="/newsroom/syndication/webhooks/${e.id}/${e.active ? 'pause' : 'resume'}">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button nr-button--small">${tr.t(e.active ? 'desk.hooks.pause' : 'desk.hooks.resume')}</button></form>
<form class="nr-inline" method="post" action="/newsroom/syndication/webhooks/${e.id}/delete">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button nr-button--small nr-button--danger">${tr.t('desk.delete')}</button></form>
<h2>${tr.t('desk.hooks.deliveries')}</h2>
${
  log.length === 0
    ? html`<p>${tr.t('desk.hooks.nothingSent')}</p>`
    : html`<table class="nr-table nr-deliveries"><thead><tr><th scope="col">#</th><th scope="col">${tr.t('desk.hooks.event')}</th><th scope="col">${tr.t('desk.hooks.queued')}</th><th scope="col">${tr.t('desk.hooks.state')}</th><th scope="col">${tr.t('desk.hooks.attempts')}</th><th scope="col">${tr.t('desk.hooks.next')}</th><th scope="col">${tr.t('desk.hooks.log')}</th></tr></thead><tbody>${log.map(row)}</tbody></table>`
}`,
  )
}

/** /newsroom/syndication/webhooks: admins add, pause and delete endpoints and read each one's delivery log. */
export async function webhookPages(app: FastifyInstance, o: { webhooks: Webhooks; config: Config; assets: NewsroomAssets }) {
  const frame = (request: FastifyRequest, reply: FastifyReply): NewsroomFrame => ({
    title: staffTr(request).t('desk.hooks.title'),
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, o.config),
    assets: o.assets,
    current: '/newsroom/syndication',
  })
  const send = (reply: FastifyReply, page: SafeHtml, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)
  const list = async (request: FastifyRequest, reply: FastifyReply, extra: Omit<Parameters<typeof webhooksPage>[1], 'endpoints'> = {}, status = 200) =>
    send(reply, webhooksPage(frame(request, reply), { endpoints: await o.webhooks.listEndpoints(), ...extra }), status)

  app.get('/newsroom/syndication/webhooks', { config: { policy: 'admin' }, schema: { querystring: Type.Object({}) } }, (request, reply) => list(request, reply))

  app.post<{ Body: Static<typeof EndpointForm> }>(
    '/newsroom/syndication/webhooks',
    { config: { policy: 'admin' }, bodyLimit: 16384, schema: { body: EndpointForm } },
    async (request, reply) => {
      const draft = { url: request.body.url ?? '', description: cleanName(request.body.description), events: [...new Set([request.body.events ?? []].flat())] }
      const url = checkEndpointUrl(draft.url)
      const tr = staffTr(request)
      if (!url) return list(request, reply, { draft, error: tr.t('desk.hooks.badUrl') }, 400)
      if (draft.events.length === 0) return list(request, reply, { draft, error: tr.t('desk.hooks.eventNeeded') }, 400)
      if ([...draft.description].length > 200) return list(request, reply, { draft, error: tr.t('desk.hooks.descriptionLong') }, 400)
      const made = await o.webhooks.createEndpoint({ url, description: draft.description, events: draft.events, createdBy: request.auth?.principal.id ?? null })
      return list(request, reply, { made: { url, secret: made.secret } }, 201)
    },
  )

  app.get<{ Params: Static<typeof IdParams> }>(
    '/newsroom/syndication/webhooks/:id',
    { config: { policy: 'admin' }, schema: { params: IdParams, querystring: Type.Object({}) } },
    async (request, reply) => {
      const endpoint = await o.webhooks.getEndpoint(request.params.id)
      if (!endpoint) throw new AppError('WEBHOOK_NOT_FOUND')
      return send(reply, endpointPage(frame(request, reply), endpoint, await o.webhooks.deliveryLog(endpoint.id)))
    },
  )

  for (const action of ['pause', 'resume', 'delete'] as const) {
    app.post<{ Params: Static<typeof IdParams> }>(
      `/newsroom/syndication/webhooks/:id/${action}`,
      { config: { policy: 'admin' }, bodyLimit: 8192, schema: { params: IdParams, body: CsrfForm } },
      async (request, reply) => {
        const id = request.params.id
        const done = action === 'delete' ? await o.webhooks.deleteEndpoint(id) : await o.webhooks.setActive(id, action === 'resume')
        if (!done) throw new AppError('WEBHOOK_NOT_FOUND')
        return reply.redirect(action === 'delete' ? '/newsroom/syndication/webhooks' : `/newsroom/syndication/webhooks/${id}`, 303)
      },
    )
  }
}
