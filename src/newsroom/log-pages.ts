import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { findAuditLog } from '../accounts/audit.ts'
import { html } from '../web/html.ts'
import type { MessageKey } from '../web/i18n.ts'
import { newsroomLayout, staffTr, type NewsroomFrame } from '../web/newsroom-layout.ts'
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
    const tr = staffTr(request)
    return sendPage(
      reply,
      newsroomLayout(
        frame(request, reply, tr.t('nr.nav.audit'), '/newsroom/audit'),
        html`<h1>${tr.t('nr.nav.audit')}</h1>
<p>${tr.t('nr.audit.intro')}</p>
<form method="get" action="/newsroom/audit" class="nr-filters">
  <label>${tr.t('nr.audit.actionStarts')} <input name="action" value="${q.action ?? ''}" placeholder="article."></label>
  <label>${tr.t('nr.audit.subject')} <input name="subject" value="${q.subject ?? ''}" placeholder="article:12"></label>
  <label>${tr.t('nr.audit.actor')} <input name="actor" value="${typeof q.actor === 'number' ? q.actor : ''}" inputmode="numeric"></label>
  <button type="submit" class="nr-button">${tr.t('nr.filter')}</button>
</form>
<table class="nr-table" id="audit-log">
<thead><tr><th scope="col">${tr.t('nr.audit.when')}</th><th scope="col">${tr.t('nr.audit.who')}</th><th scope="col">${tr.t('nr.audit.action')}</th><th scope="col">${tr.t('nr.audit.subject')}</th><th scope="col">${tr.t('nr.audit.detail')}</th></tr></thead>
<tbody>${rows
          .slice(0, PAGE)
          .map(
            (r) =>
              html`<tr><td><time datetime="${r.at.toISOString()}">${tr.timestamp(r.at)}</time></td><td>${r.actor ?? (r.actor_id === null ? tr.t('nr.audit.system') : `#${r.actor_id}`)}</td><td><code>${r.action}</code></td><td><code>${r.subject_type}:${r.subject_id}</code></td><td><code class="nr-detail">${JSON.stringify(r.detail).slice(0, 300)}</code></td></tr>`,
          )}</tbody>
</table>
${rows.length === 0 ? html`<p>${tr.t('nr.audit.none')}</p>` : ''}
<p>${page > 1 ? html`<a href="${link(page - 1)}">${tr.t('nr.newer')}</a> ` : ''}${rows.length > PAGE ? html`<a href="${link(page + 1)}">${tr.t('nr.older')}</a>` : ''}</p>`,
      ),
    )
  })

  app.get('/newsroom/mail', { config: { policy: 'admin' }, schema: { querystring: MailQuery } }, async (request, reply) => {
    const page = request.query.page ?? 1
    const status = request.query.status || undefined
    const rows = await ctx.mailer.findLog({ limit: PAGE + 1, offset: (page - 1) * PAGE, ...(status ? { status } : {}) })
    const link = (p: number) => `/newsroom/mail?${new URLSearchParams({ status: status ?? '', page: String(p) })}`
    const tr = staffTr(request)
    const statusText = (s: string) => tr.t(`nr.mail.status.${s || 'any'}` as MessageKey)
    return sendPage(
      reply,
      newsroomLayout(
        frame(request, reply, tr.t('nr.nav.mail'), '/newsroom/mail'),
        html`<h1>${tr.t('nr.nav.mail')}</h1>
${ctx.mailAvailable() ? html`<p>${tr.t('nr.mail.intro')}</p>` : html`<p class="flash flash--error" role="alert">${tr.t('nr.mail.noServer')}</p>`}
<form method="get" action="/newsroom/mail" class="nr-filters"><label>${tr.t('nr.list.status')} <select name="status">${[
          '',
          'queued',
          'sent',
          'failed',
          'not_sent',
        ].map(
          (s) => html`<option value="${s}"${s === (status ?? '') ? html` selected` : ''}>${statusText(s)}</option>`,
        )}</select></label> <button type="submit" class="nr-button">${tr.t('nr.filter')}</button></form>
<table class="nr-table" id="mail-log">
<thead><tr><th scope="col">${tr.t('nr.mail.queued')}</th><th scope="col">${tr.t('nr.mail.to')}</th><th scope="col">${tr.t('nr.mail.what')}</th><th scope="col">${tr.t('nr.audit.subject')}</th><th scope="col">${tr.t('nr.list.status')}</th><th scope="col">${tr.t('nr.mail.tries')}</th><th scope="col">${tr.t('nr.mail.lastError')}</th></tr></thead>
<tbody>${rows
          .slice(0, PAGE)
          .map(
            (r) =>
              html`<tr><td>${tr.timestamp(r.createdAt)}</td><td>${r.to}</td><td>${r.kind}</td><td>${r.subject}</td><td>${statusText(r.status)}${r.sentAt ? html` ${tr.timestamp(r.sentAt)}` : ''}</td><td>${tr.number(r.attempts)}</td><td>${r.lastError ?? ''}${r.status === 'queued' && r.attempts > 0 ? html` ${tr.t('nr.mail.nextTry', { time: tr.timestamp(r.nextAttemptAt) })}` : ''}</td></tr>`,
          )}</tbody>
</table>
${rows.length === 0 ? html`<p>${tr.t('nr.mail.none')}</p>` : ''}
<p>${page > 1 ? html`<a href="${link(page - 1)}">${tr.t('nr.newer')}</a> ` : ''}${rows.length > PAGE ? html`<a href="${link(page + 1)}">${tr.t('nr.older')}</a>` : ''}</p>`,
      ),
    )
  })
}
