import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import { errorResponses, operation } from '../http/api-schemas.ts'
import { html } from '../web/html.ts'
import { newsroomLayout, type NewsroomAssets, type NewsroomFrame, staffTr } from '../web/newsroom-layout.ts'
import { sendPage } from '../web/responses.ts'
import type { NewsroomContext } from './context.ts'
import { findNewsroomArticles } from './article-service.ts'
import { findNotifications, markAllRead, NOTIFICATION_TEXT, notificationLine, reviewCounts } from './notifications.ts'

const NotificationsResponse = Type.Object(
  {
    unread: Type.Integer({ description: 'notifications not yet seen' }),
    review: Type.Object({
      review: Type.Integer({ description: 'drafts submitted for review' }),
      changes: Type.Integer({ description: 'changes proposed to published stories' }),
    }),
    notifications: Type.Array(
      Type.Object({
        id: Type.Integer(),
        kind: Type.String({ enum: Object.keys(NOTIFICATION_TEXT) }),
        articleId: Type.Integer(),
        headline: Type.String(),
        actor: Type.Union([Type.String(), Type.Null()]),
        createdAt: Type.String({ format: 'date-time' }),
        read: Type.Boolean(),
      }),
    ),
  },
  { title: 'Notifications' },
)

/** Notifications of workflow steps, and the editors' review queue (drafts and proposed changes waiting). */
export async function notificationRoutes(root: FastifyInstance, o: { ctx: NewsroomContext; assets: NewsroomAssets }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx } = o
  const frame = (request: FastifyRequest, reply: FastifyReply, title: string, current: string): NewsroomFrame => ({
    title,
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, ctx.config),
    assets: o.assets,
    current,
  })

  app.get(
    '/api/admin/notifications',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('notifications', 'listNotifications', 'Your newsroom notifications, and how many stories wait for review'),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 200, default: 50 })) }),
        response: { 200: NotificationsResponse, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const who = request.auth!.principal
      const [list, review] = await Promise.all([findNotifications(ctx.db, who.id, request.query.limit ?? 50), reviewCounts(ctx.db)])
      reply.header('cache-control', 'no-store')
      return { unread: list.unread, review, notifications: list.items.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })) }
    },
  )

  app.post(
    '/api/admin/notifications/read',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('notifications', 'markNotificationsRead', 'Mark all your notifications read'),
        response: { 204: Type.Null(), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      await markAllRead(ctx.db, request.auth!.principal.id, ctx.now())
      return reply.code(204).send(null)
    },
  )

  app.get('/newsroom/notifications', { config: { policy: 'staff' } }, async (request, reply) => {
    const who = request.auth!.principal
    const list = await findNotifications(ctx.db, who.id, 100)
    // seen now: the badge clears
    await markAllRead(ctx.db, who.id, ctx.now())
    const tr = staffTr(request)
    return sendPage(
      reply,
      newsroomLayout(
        frame(request, reply, tr.t('nr.nav.notifications'), '/newsroom/notifications'),
        html`<h1>${tr.t('nr.nav.notifications')}</h1>
${
  list.items.length === 0
    ? html`<p>${tr.t('nr.notif.none')}</p>`
    : html`<ul class="nr-notifications">${list.items.map(
        (n) =>
          html`<li${n.read ? '' : html` class="nr-unread"`}><time datetime="${n.createdAt.toISOString()}">${tr.timestamp(n.createdAt)}</time> ${notificationLine(tr, n.kind, n.actor)}: <a href="/newsroom/articles/${n.articleId}">${n.headline}</a>${n.read ? '' : html` <span class="visually-hidden">${tr.t('nr.notif.new')}</span>`}</li>`,
      )}</ul>`
}`,
      ),
    )
  })

  app.get('/newsroom/review', { config: { policy: 'editor' } }, async (request, reply) => {
    const [drafts, changes] = await Promise.all([
      findNewsroomArticles(ctx.db, { status: 'review', limit: 200, offset: 0 }),
      ctx.db
        .selectFrom('article_working_copies as w')
        .innerJoin('articles as a', 'a.id', 'w.article_id')
        .leftJoin('accounts as x', 'x.id', 'w.modified_by')
        .select(['a.id', 'a.headline', 'w.modified_at', 'x.display_name'])
        .where('w.state', '=', 'review')
        .orderBy('w.modified_at')
        .execute(),
    ])
    const tr = staffTr(request)
    return sendPage(
      reply,
      newsroomLayout(
        frame(request, reply, tr.t('nr.nav.review'), '/newsroom/review'),
        html`<h1>${tr.t('nr.nav.review')}</h1>
<h2>${tr.t('nr.review.drafts', { n: drafts.length })}</h2>
${drafts.length ? html`<ul>${drafts.map((d) => html`<li><a href="/newsroom/articles/${d.id}">${d.headline}</a> · ${d.bylines || d.created_by_name || ''} · <time datetime="${d.modified_at.toISOString()}">${tr.timestamp(d.modified_at)}</time></li>`)}</ul>` : html`<p>${tr.t('nr.review.none')}</p>`}
<h2>${tr.t('nr.review.changes', { n: changes.length })}</h2>
${changes.length ? html`<ul>${changes.map((c) => html`<li><a href="/newsroom/articles/${c.id}">${c.headline}</a> · ${c.display_name ?? ''} · <time datetime="${c.modified_at.toISOString()}">${tr.timestamp(c.modified_at)}</time> · <a href="/newsroom/articles/${c.id}/compare-live">${tr.t('nr.review.whatChanges')}</a></li>`)}</ul>` : html`<p>${tr.t('nr.review.none')}</p>`}`,
      ),
    )
  })
}
