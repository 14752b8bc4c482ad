import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { findAuditLog } from '../accounts/audit.ts'
import { formatGmt } from '../web/format.ts'
import { html } from '../web/html.ts'
import { newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import { sendPage } from '../web/responses.ts'
import type { NewsroomContext } from './context.ts'

type FrameFn = (request: FastifyRequest, reply: FastifyReply, title: string, current?: string, flash?: NewsroomFrame['flash']) => NewsroomFrame

const PAGE = 100
const AuditQuery = Type.Object({
  actor: Type.Optional(Type.Union([Type.Literal(''), Type.Integer({ minimum: 1, maximum: 2147483647 })])),
  action: Type.Optional(Type.String({ maxLength: 80 })),
  subject: Type.Optional(Type.String({ maxLength: 120, pattern: '^([a-z_]+(:[^:]{1,100})?)?$' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
})
const MailQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('not_sent')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
})

/** Admins' logs: who changed what and when (the audit log), and the mail the site sent or tried to. */
export async function logPages(root: FastifyInstance, o: { ctx: NewsroomContext; frame: FrameFn }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx, frame } = o

  app.get('/newsroom/audit', { config: { policy: 'admin' }, schema: { querystring: AuditQuery } }, async (request, reply) => {
    const q = request.query
    const page = q.page ?? 1
    const [subjectType, subjectId] = (q.subject ?? '').split(':')
    const rows = await findAuditLog(ctx.db, {
      limit: PAGE + 1,
      offset: (page - 1) * PAGE,
      ...(typeof q.actor === 'number' ? { actorId: q.actor } : {}),
      ...(q.action?.trim() ? { actionPrefix: q.action.trim() } : {}),
      ...(subjectType ? { subjectType } : {}),
      ...(subjectId ? { subjectId } : {}),
    })
    const link = (p: number) =>
      `/newsroom/audit?${new URLSearchParams({ ...(typeof q.actor === 'number' ? { actor: String(q.actor) } : {}), action: q.action ?? '', subject: q.subject ?? '', page: String(p) })}`
    return sendPage(
      reply,
      newsroomLayout(
        frame(request, reply, 'Audit log', '/newsroom/audit'),
        html`<h1>Audit log</h1>
<p>Every change staff made, with who and when, newest first. Times in GMT.</p>
<form method="get" action="/newsroom/audit" class="nr-filters">
  <label>Action starts with <input name="action" value="${q.action ?? ''}" placeholder="article."></label>
  <label>Subject <input name="subject" value="${q.subject ?? ''}" placeholder="article:12"></label>
  <label>Actor id <input name="actor" value="${typeof q.actor === 'number' ? q.actor : ''}" inputmode="numeric"></label>
  <button type="submit" class="nr-button">Filter</button>
</form>
<table class="nr-table" id="audit-log">
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Detail</th></tr></thead>
<tbody>${rows
          .slice(0, PAGE)
          .map(
            (r) =>
              html`<tr><td><time datetime="${r.at.toISOString()}">${formatGmt(r.at)}</time></td><td>${r.actor ?? (r.actor_id === null ? 'the system' : `#${r.actor_id}`)}</td><td><code>${r.action}</code></td><td>${r.subject_type}:${r.subject_id}</td><td><code class="nr-detail">${JSON.stringify(r.detail).slice(0, 300)}</code></td></tr>`,
          )}</tbody>
</table>
${rows.length === 0 ? html`<p>Nothing matches.</p>` : ''}
<p>${page > 1 ? html`<a href="${link(page - 1)}">Newer</a> ` : ''}${rows.length > PAGE ? html`<a href="${link(page + 1)}">Older</a>` : ''}</p>`,
      ),
    )
  })

  app.get('/newsroom/mail', { config: { policy: 'admin' }, schema: { querystring: MailQuery } }, async (request, reply) => {
    const page = request.query.page ?? 1
    const status = request.query.status || undefined
    const rows = await ctx.mailer.findLog({ limit: PAGE + 1, offset: (page - 1) * PAGE, ...(status ? { status } : {}) })
    const link = (p: number) => `/newsroom/mail?${new URLSearchParams({ status: status ?? '', page: String(p) })}`
    return sendPage(
      reply,
      newsroomLayout(
        frame(request, reply, 'Mail log', '/newsroom/mail'),
        html`<h1>Mail log</h1>
${
  ctx.mailAvailable()
    ? html`<p>Mail the site sent or is trying to send, newest first (times in GMT). Messages that fail are tried again later, up to 8 times; their text is not kept once sent, since it holds single-use links.</p>`
    : html`<p class="flash flash--error" role="alert">No mail server is configured (SMTP_URL), so nothing is sent: messages are listed here as not sent.</p>`
}
<form method="get" action="/newsroom/mail" class="nr-filters"><label>Status <select name="status">${['', 'queued', 'sent', 'failed', 'not_sent'].map(
          (s) => html`<option value="${s}"${s === (status ?? '') ? html` selected` : ''}>${s || 'any'}</option>`,
        )}</select></label> <button type="submit" class="nr-button">Filter</button></form>
<table class="nr-table" id="mail-log">
<thead><tr><th scope="col">Queued</th><th scope="col">To</th><th scope="col">What</th><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Tries</th><th scope="col">Last error / next try</th></tr></thead>
<tbody>${rows
          .slice(0, PAGE)
          .map(
            (r) =>
              html`<tr><td>${formatGmt(r.createdAt)}</td><td>${r.to}</td><td>${r.kind}</td><td>${r.subject}</td><td>${r.status}${r.sentAt ? html` ${formatGmt(r.sentAt)}` : ''}</td><td>${r.attempts}</td><td>${r.lastError ?? ''}${r.status === 'queued' && r.attempts > 0 ? html` (next try ${formatGmt(r.nextAttemptAt)})` : ''}</td></tr>`,
          )}</tbody>
</table>
${rows.length === 0 ? html`<p>No mail yet.</p>` : ''}
<p>${page > 1 ? html`<a href="${link(page - 1)}">Newer</a> ` : ''}${rows.length > PAGE ? html`<a href="${link(page + 1)}">Older</a>` : ''}</p>`,
      ),
    )
  })
}
