import { findAudit } from '../accounts/audit.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { createAccountStore } from '../accounts/account-store.ts'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import { recordAudit } from '../accounts/audit.ts'
import { allows } from '../http/permissions.ts'
import { AppError, isAppError } from '../errors.ts'
import { wantsJson } from '../http/errors.ts'
import { deskError } from '../web/desk-errors.ts'
import { sendPage } from '../web/responses.ts'
import { staffTr, type NewsroomFrame } from '../web/newsroom-layout.ts'
import { findArticleRefs } from './article-refs.ts'
import { COMMENT_CURSOR_PATTERN, decodeCommentCursor, encodeCommentCursor } from './comment-store.ts'
import type { DiscussionContext } from './context.ts'
import { createDiscussionStore } from './discussion-store.ts'
import { findModerationLog, findQueue, findReaderComments, queueCounts, type QueueName } from './moderation-queue.ts'
import { createStandardsStore } from './standards-store.ts'
import { getSettings } from './settings.ts'
import { articleDiscussionPage } from './templates/admin.ts'
import { logPage, queuePage, readerPage } from './templates/moderation.ts'
import { standardsAdminRoutes } from './standards-routes.ts'

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 })
const IdParams = Type.Object({ id: Id })
const Form = Type.Record(Type.String(), Type.String({ maxLength: 20_000 }))
const QueueQuery = Type.Object({
  queue: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('reported'), Type.Literal('rejected')])),
  after: Type.Optional(Type.String({ pattern: COMMENT_CURSOR_PATTERN, maxLength: 30 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
})

/** The newsroom's moderation: queues, decisions, readers' sanctions, per-article settings, the log. */
export async function moderationRoutes(root: FastifyInstance, ctx: DiscussionContext) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const frame = (request: FastifyRequest, reply: FastifyReply, title: string, flash?: NewsroomFrame['flash']): NewsroomFrame => ({
    title,
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, ctx.config),
    assets: ctx.newsroomAssets,
    current: '/newsroom/moderation',
    flash,
  })

  // the queue page's counts, for its script to keep them live while moderators work
  app.get(
    '/newsroom/moderation/counts',
    {
      config: { policy: 'moderator' },
      schema: {
        response: { 200: Type.Object({ pending: Type.Integer(), reported: Type.Integer(), rejected: Type.Integer() }) },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'no-store').send(await queueCounts(ctx.db)),
  )

  app.get('/newsroom/moderation', { config: { policy: 'moderator' }, schema: { querystring: QueueQuery } }, async (request, reply) => {
    const queue: QueueName = request.query.queue ?? 'pending'
    const after = request.query.after ? decodeCommentCursor(request.query.after) : undefined
    const [{ items, next }, counts] = await Promise.all([findQueue(ctx.db, queue, after), queueCounts(ctx.db)])
    // each comment is judged by its own edition's standards
    const editionIds = [...new Set(items.map((i) => i.article?.editionId).filter((e): e is number => e !== undefined))]
    const byEdition = new Map(await Promise.all(editionIds.map(async (e) => [e, await createStandardsStore(ctx.db, e).findActiveSections()] as const)))
    const fallback = editionIds.length ? [] : await createStandardsStore(ctx.db, (await ctx.editions.get()).edition.id).findActiveSections()
    const sections = (editionId: number | undefined) => (editionId !== undefined ? (byEdition.get(editionId) ?? []) : fallback)
    const done = request.query.done
    const tr = staffTr(request)
    const flash = done === 'approved' || done === 'rejected' ? { kind: 'ok' as const, text: tr.t(`desk.mod.done.${done}`) } : undefined
    return sendPage(
      reply,
      queuePage(frame(request, reply, tr.t('desk.mod.title'), flash), {
        queue,
        counts,
        items,
        sections,
        now: ctx.now(),
        isAdmin: allows('admin', request.auth!.principal),
        nextHref: next ? `/newsroom/moderation?queue=${queue}&after=${encodeCommentCursor(next)}` : undefined,
      }),
    )
  })

  app.post('/newsroom/moderation/comments/:id', { config: { policy: 'moderator' }, schema: { params: IdParams, body: Form } }, async (request, reply) => {
    const b = request.body
    const who = request.auth!.principal
    let status: 'approved' | 'rejected'
    if (b.op === 'approve') {
      await ctx.moderation.approve(request.params.id, who, b.reason ?? '')
      status = 'approved'
    } else if (b.op === 'reject') {
      const section = /^\d{1,2}$/.test(b.section ?? '') ? Number(b.section) : 0
      await ctx.moderation.reject(request.params.id, who, { section, reason: b.reason ?? '' })
      status = 'rejected'
    } else
      throw new AppError('VALIDATION_FAILED', {
        message: 'The action must be approve or reject.',
        fields: [{ field: 'op', message: 'Choose approve or reject.' }],
      })
    if (wantsJson(request)) return reply.header('cache-control', 'no-store').send({ id: request.params.id, status })
    const queue = ['pending', 'reported', 'rejected'].includes(b.queue ?? '') ? b.queue : 'pending'
    return reply.redirect(`/newsroom/moderation?queue=${queue}&done=${status}`, 303)
  })

  const showReader = async (request: FastifyRequest, reply: FastifyReply, id: number, error?: string, status = 200) => {
    const account = await createAccountStore(ctx.db).getAccount(id)
    if (!account) throw new AppError('NOT_FOUND', { message: 'That reader does not exist.' })
    const [standing, comments, log] = await Promise.all([
      createDiscussionStore(ctx.db).getStanding(id),
      findReaderComments(ctx.db, id),
      findAudit(ctx.db, 'account', id, 50, 'reader.'),
    ])
    return sendPage(reply, readerPage(frame(request, reply, account.displayName), { account, standing, comments, log, now: ctx.now(), error }), status)
  }

  app.get('/newsroom/moderation/readers/:id', { config: { policy: 'moderator' }, schema: { params: IdParams } }, async (request, reply) =>
    showReader(request, reply, request.params.id),
  )

  app.post('/newsroom/moderation/readers/:id', { config: { policy: 'moderator' }, schema: { params: IdParams, body: Form } }, async (request, reply) => {
    const b = request.body
    const action = b.action === 'ban' || b.action === 'lift' || b.action === 'suspend' ? b.action : undefined
    if (!action)
      throw new AppError('VALIDATION_FAILED', { message: 'Choose ban, suspend or lift.', fields: [{ field: 'action', message: 'Choose an action.' }] })
    // A suspension runs to the end of the chosen day (UTC).
    const until = /^\d{4}-\d{2}-\d{2}$/.test(b.until ?? '') ? new Date(`${b.until}T23:59:59Z`) : undefined
    try {
      await ctx.moderation.sanction(request.params.id, request.auth!.principal, {
        action,
        until: until && !Number.isNaN(until.getTime()) ? until : undefined,
        reason: b.reason ?? '',
      })
    } catch (e) {
      if (isAppError(e) && e.code === 'VALIDATION_FAILED') return showReader(request, reply, request.params.id, deskError(staffTr(request), e), 400)
      throw e
    }
    return reply.redirect(`/newsroom/moderation/readers/${request.params.id}`, 303)
  })

  const showArticle = async (request: FastifyRequest, reply: FastifyReply, id: number, flash?: NewsroomFrame['flash']) => {
    const ref = (await findArticleRefs(ctx.db, [id])).get(id)
    if (!ref) throw new AppError('ARTICLE_NOT_FOUND')
    const [d, settings] = await Promise.all([createDiscussionStore(ctx.db).getDiscussion(id), getSettings(ctx.db)])
    return sendPage(
      reply,
      articleDiscussionPage(frame(request, reply, staffTr(request).t('desk.discussion.title', { headline: ref.headline }), flash), {
        article: ref,
        count: d.count,
        closed: d.closed,
        premoderated: d.premoderated,
        closeAfterDays: settings.closeAfterDays,
      }),
    )
  }

  app.get('/newsroom/moderation/articles/:id', { config: { policy: 'moderator' }, schema: { params: IdParams } }, async (request, reply) =>
    showArticle(request, reply, request.params.id),
  )

  app.post('/newsroom/moderation/articles/:id', { config: { policy: 'moderator' }, schema: { params: IdParams, body: Form } }, async (request, reply) => {
    const b = request.body
    const closed = b.closed === 'closed' ? true : b.closed === 'open' ? false : null
    await ctx.moderation.setArticleDiscussion(request.params.id, request.auth!.principal, { closed, premoderated: b.premoderated === '1' })
    // the cached article page shows whether the discussion is open
    await ctx.invalidate([`discussion:${request.params.id}`])
    return showArticle(request, reply, request.params.id, { kind: 'ok', text: staffTr(request).t('desk.saved') })
  })

  app.get('/newsroom/moderation/log', { config: { policy: 'moderator' } }, async (request, reply) =>
    sendPage(reply, logPage(frame(request, reply, staffTr(request).t('desk.mod.logTitle')), await findModerationLog(ctx.db))),
  )

  await standardsAdminRoutes(app, { ctx, frame, audit: recordAudit })
}
