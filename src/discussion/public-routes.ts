import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AppError, isAppError } from '../errors.ts'
import { wantsJson } from '../http/errors.ts'
import { COMMENT_CURSOR_PATTERN, decodeCommentCursor } from './comment-store.ts'
import { pageAssets, sendPrivatePage, viewerOf, type DiscussionContext } from './context.ts'
import { createDiscussionStore } from './discussion-store.ts'
import { editionOfArticle } from './article-refs.ts'
import { createEditionStore } from '../content/people-store.ts'
import { openEventStream } from '../http/event-stream.ts'
import { commentItem } from './templates/comment.ts'
import { commentList } from './templates/discussion.ts'
import { discussionPage, threadPage } from './templates/pages.ts'
import { commentCountLabel, type DiscussionView } from './view-models.ts'

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 })
export const ArticleParams = Type.Object({ articleId: Id })
export const CommentParams = Type.Object({ id: Id })
const Sort = Type.Union([Type.Literal('newest'), Type.Literal('oldest'), Type.Literal('liked')], { description: 'it must be newest, oldest or liked' })
const After = Type.String({ pattern: COMMENT_CURSOR_PATTERN, maxLength: 30, description: 'it must be a cursor taken from a "More comments" link' })
const ListQuery = Type.Object({ sort: Type.Optional(Sort), after: Type.Optional(After) })
const PageQuery = Type.Object({
  sort: Type.Optional(Sort),
  after: Type.Optional(After),
  reply: Type.Optional(Id),
  posted: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('pending')])),
  done: Type.Optional(Type.String({ maxLength: 20 })),
})
const PostBody = Type.Object({
  body: Type.String({ maxLength: 100_000 }),
  parentId: Type.Optional(Type.Union([Type.Literal(''), Id])),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  idempotencyKey: Type.Optional(Type.String({ maxLength: 100, pattern: '^[\\x21-\\x7e]*$', description: 'made per form: a retry does not post twice' })),
})

const DONE: Record<string, string> = { deleted: 'Your comment is deleted.', liked: 'Liked.', unliked: 'Like taken back.', edited: 'Your comment is updated.' }

/** Discussion pages, fragments, posting and live updates under /discussion. */
export async function discussionPublicRoutes(root: FastifyInstance, ctx: DiscussionContext) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { reader, comments, config } = ctx

  const cursor = (after: string | undefined) => (after ? decodeCommentCursor(after) : undefined)
  // a discussion's pages speak its article's edition's language and direction (an Arabic article's
  // comments: Arabic, right to left), whichever prefix the link had
  const chromeOf = async (articleId: number) =>
    ctx.chrome.forPage({ editionCode: await createEditionStore(ctx.db).getEditionCode(await editionOfArticle(ctx.db, articleId)) })
  const render = async (request: FastifyRequest, reply: FastifyReply, view: DiscussionView, status = 200) =>
    sendPrivatePage(reply, discussionPage(await chromeOf(view.articleId), pageAssets(request, ctx), view), status)

  app.get('/discussion/:articleId', { config: { policy: 'public' }, schema: { params: ArticleParams, querystring: PageQuery } }, async (request, reply) => {
    const q = request.query
    const view = await reader.view(request.params.articleId, {
      viewer: viewerOf(request, reply, config),
      sort: q.sort,
      after: cursor(q.after),
      replyTo: q.reply,
    })
    if (q.posted)
      view.flash = {
        kind: 'ok',
        text: q.posted === 'approved' ? 'Your comment is published.' : 'Thank you. Your comment will appear once a moderator has approved it.',
      }
    else if (q.done && DONE[q.done]) view.flash = { kind: 'ok', text: DONE[q.done]! }
    return render(request, reply, view)
  })

  // The next page of comments, or another order, as an HTML fragment for the script.
  app.get(
    '/discussion/:articleId/comments',
    { config: { policy: 'public' }, schema: { params: ArticleParams, querystring: ListQuery } },
    async (request, reply) => {
      const view = await reader.view(request.params.articleId, {
        viewer: viewerOf(request, reply, config),
        sort: request.query.sort,
        after: cursor(request.query.after),
      })
      return sendPrivatePage(reply, commentList(view))
    },
  )

  app.get('/discussion/:articleId/events', { config: { policy: 'public' }, schema: { params: ArticleParams } }, async (request, reply) => {
    const articleId = request.params.articleId
    // the address's share first: a flood of connections costs no database work
    const release = app.streamQuota.acquire(request.ip)
    let count: number
    try {
      await reader.publishedArticle(articleId)
      await ctx.hub.start()
      count = (await createDiscussionStore(ctx.db).getDiscussion(articleId)).count
    } catch (err) {
      release()
      throw err
    }
    let remove: (() => void) | undefined
    const stream = openEventStream(request, reply, {
      retryMs: 3000,
      heartbeatMs: 25_000,
      onClose: () => {
        remove?.()
        release()
      },
    })
    remove = ctx.hub.add(articleId, stream)
    if (stream.closed) remove()
    else stream.send('count', { count, label: commentCountLabel(count) })
  })

  app.post('/discussion/:articleId/comments', { config: { policy: 'reader' }, schema: { params: ArticleParams, body: PostBody } }, async (request, reply) => {
    const articleId = request.params.articleId
    const parentId = typeof request.body.parentId === 'number' ? request.body.parentId : undefined
    const who = request.auth!.principal
    try {
      const header = request.headers['idempotency-key']
      if (header !== undefined && (typeof header !== 'string' || !/^[\x21-\x7e]{1,100}$/.test(header)))
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ field: 'Idempotency-Key', message: 'Header "Idempotency-Key" must be 1 to 100 visible ASCII characters' }],
        })
      const idempotencyKey = (typeof header === 'string' ? header : undefined) ?? (request.body.idempotencyKey || undefined)
      const r = await comments.post({ articleId, parentId, text: request.body.body, who, ip: request.ip, idempotencyKey })
      if (!wantsJson(request)) return reply.redirect(`/discussion/${articleId}?posted=${r.status}#c-${r.comment.id}`, 303)
      const viewer = viewerOf(request, reply, config)
      const view = (await reader.commentView(r.comment.id, viewer))!
      const { count } = await createDiscussionStore(ctx.db).getDiscussion(articleId)
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ id: r.comment.id, parentId: r.comment.parentId, status: r.status, message: r.message, html: commentItem(view, viewer).value, count })
    } catch (e) {
      if (wantsJson(request) || !isAppError(e) || e.status >= 500 || e.code === 'ARTICLE_NOT_FOUND') throw e
      // Without JavaScript: the page again, the text kept, the reason beside the form.
      const view = await reader.view(articleId, { viewer: viewerOf(request, reply, config), replyTo: parentId })
      view.form = { body: request.body.body.slice(0, view.maxLength * 2), parentId, error: e.fields[0]?.message ?? e.publicMessage }
      return render(request, reply, view, e.status)
    }
  })

  app.get(
    '/discussion/comments/:id',
    { config: { policy: 'public' }, schema: { params: CommentParams, querystring: Type.Object({ after: Type.Optional(After) }) } },
    async (request, reply) => {
      const viewer = viewerOf(request, reply, config)
      const t = await reader.thread(request.params.id, viewer, cursor(request.query.after))
      return sendPrivatePage(reply, threadPage(await chromeOf(t.comment.articleId), pageAssets(request, ctx), { ...t, viewer }))
    },
  )

  const back = (request: FastifyRequest, reply: FastifyReply, articleId: number, commentId: number, done: string, json: Record<string, unknown>) =>
    wantsJson(request) ? reply.header('cache-control', 'no-store').send(json) : reply.redirect(`/discussion/${articleId}?done=${done}#c-${commentId}`, 303)

  // Forms send their CSRF field; the script sends an empty body and the token in a header.
  const FormBody = Type.Union([Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }), Type.Null()])

  app.post('/discussion/comments/:id/like', { config: { policy: 'reader' }, schema: { params: CommentParams, body: FormBody } }, async (request, reply) => {
    const likes = await comments.like(request.params.id, request.auth!.principal)
    const c = await comments.visibleComment(request.params.id)
    return back(request, reply, c.articleId, c.id, 'liked', { id: c.id, likes, liked: true })
  })

  app.post('/discussion/comments/:id/unlike', { config: { policy: 'reader' }, schema: { params: CommentParams, body: FormBody } }, async (request, reply) => {
    const likes = await comments.unlike(request.params.id, request.auth!.principal)
    const c = await comments.visibleComment(request.params.id)
    return back(request, reply, c.articleId, c.id, 'unliked', { id: c.id, likes, liked: false })
  })

  app.post('/discussion/comments/:id/delete', { config: { policy: 'reader' }, schema: { params: CommentParams, body: FormBody } }, async (request, reply) => {
    const c = await comments.remove(request.params.id, request.auth!.principal)
    return back(request, reply, c.articleId, c.id, 'deleted', { id: c.id, deleted: true })
  })
}
