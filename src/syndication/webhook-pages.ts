import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { html, type SafeHtml } from '../web/html.ts'
import { formatGmt } from '../web/format.ts'
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

const EVENT_TEXT: Record<WebhookEvent, string> = {
  'article.published': 'an article is published',
  'article.updated': 'a published article is updated or corrected',
  'article.unpublished': 'an article is unpublished',
  'comment.approved': 'a reader’s comment is approved',
}

const time = (d: Date | null) => (d ? html`<time datetime="${d.toISOString()}">${formatGmt(d)}</time>` : html`—`)

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
  return newsroomLayout(
    frame,
    html`<h1>Webhooks</h1>
<p><a href="/newsroom/syndication">Syndication</a> › Webhooks. Dateline POSTs JSON to each address when the events it chose happen, signed in the <code>${SIGNATURE_HEADER}</code> header (<code>t=&lt;unix time&gt;,v1=&lt;HMAC-SHA256 of “t.body” with the endpoint’s secret, hex&gt;</code>), and retries with growing waits until it answers 2xx.</p>
${o.made ? html`<div class="flash flash--ok" role="status"><p>Added ${o.made.url}. Its signing secret, shown once:</p><p><code class="nr-secret">${o.made.secret}</code></p></div>` : ''}
<h2>New endpoint</h2>
<form class="nr-form" method="post" action="/newsroom/syndication/webhooks" novalidate>
  ${csrfField(frame.csrfToken)}
  <div class="nr-field${o.error ? ' nr-field--error' : ''}">
    <label for="wh-url">Address (https://…)</label>
    <input id="wh-url" name="url" type="url" required maxlength="2000" value="${o.draft?.url ?? ''}"${o.error ? html` aria-invalid="true" aria-describedby="wh-error"` : ''}>
    ${o.error ? html`<p class="nr-error" id="wh-error">${o.error}</p>` : ''}
  </div>
  <div class="nr-field"><label for="wh-desc">What it is (optional)</label><input id="wh-desc" name="description" maxlength="200" value="${o.draft?.description ?? ''}"></div>
  <fieldset class="nr-field"><legend>Tell it when</legend>
  ${WEBHOOK_EVENTS.map((e) => html`<label><input type="checkbox" name="events" value="${e}"${checked(e) ? html` checked` : ''}> ${EVENT_TEXT[e]} (<code>${e}</code>)</label><br>`)}
  </fieldset>
  <button type="submit" class="nr-button">Add endpoint</button>
</form>
<h2>Endpoints</h2>
${
  o.endpoints.length === 0
    ? html`<p>No webhooks yet.</p>`
    : html`<table class="nr-table"><thead><tr><th scope="col">Address</th><th scope="col">Events</th><th scope="col">State</th></tr></thead><tbody>${o.endpoints.map(
        (e) =>
          html`<tr><td><a href="/newsroom/syndication/webhooks/${e.id}">${e.url}</a>${e.description ? html`<br><small>${e.description}</small>` : ''}</td><td>${e.events.join(', ')}</td><td>${e.active ? 'active' : 'paused'}</td></tr>`,
      )}</tbody></table>`
}`,
  )
}

function endpointPage(frame: NewsroomFrame, e: WebhookEndpoint, log: Awaited<ReturnType<Webhooks['deliveryLog']>>): SafeHtml {
  const row = (d: DeliveryLogEntry & { tries: { at: Date; statusCode: number | null; error: string | null; durationMs: number }[] }) => html`<tr>
  <td>${d.id}</td><td><code>${d.event}</code></td><td>${time(d.createdAt)}</td>
  <td><span class="nr-badge${d.status === 'failed' ? ' nr-badge--warn' : ''}">${d.status}</span></td>
  <td>${d.attempts}</td>
  <td>${d.status === 'pending' ? time(d.nextAttemptAt) : d.status === 'delivered' ? time(d.deliveredAt) : '—'}</td>
  <td><ol class="nr-attempts">${d.tries.map((t) => html`<li>${time(t.at)}: ${t.statusCode ?? 'no answer'}${t.error ? html` — ${t.error}` : ''} (${t.durationMs} ms)</li>`)}</ol></td>
</tr>`
  return newsroomLayout(
    frame,
    html`<h1>Webhook: ${e.url}</h1>
<p><a href="/newsroom/syndication/webhooks">Webhooks</a> › ${e.url}. ${e.description}</p>
<p>Events: ${e.events.join(', ')}. ${e.active ? 'Active.' : 'Paused: nothing new is queued for it.'}</p>
<form class="nr-inline" method="post" action="/newsroom/syndication/webhooks/${e.id}/${e.active ? 'pause' : 'resume'}">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button nr-button--small">${e.active ? 'Pause' : 'Resume'}</button></form>
<form class="nr-inline" method="post" action="/newsroom/syndication/webhooks/${e.id}/delete">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button nr-button--small nr-button--danger">Delete</button></form>
<h2>Deliveries</h2>
${
  log.length === 0
    ? html`<p>Nothing sent yet.</p>`
    : html`<table class="nr-table nr-deliveries"><thead><tr><th scope="col">#</th><th scope="col">Event</th><th scope="col">Queued (GMT)</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Next try / delivered</th><th scope="col">Log</th></tr></thead><tbody>${log.map(row)}</tbody></table>`
}`,
  )
}

/** /newsroom/syndication/webhooks: admins add, pause and delete endpoints and read each one's delivery log. */
export async function webhookPages(app: FastifyInstance, o: { webhooks: Webhooks; config: Config; assets: NewsroomAssets }) {
  const frame = (request: FastifyRequest, reply: FastifyReply): NewsroomFrame => ({
    title: 'Webhooks',
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
      if (!url) return list(request, reply, { draft, error: 'Give an http:// or https:// address without a user name or password.' }, 400)
      if (draft.events.length === 0) return list(request, reply, { draft, error: 'Tick at least one event.' }, 400)
      if ([...draft.description].length > 200) return list(request, reply, { draft, error: 'Describe it in at most 200 characters.' }, 400)
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
