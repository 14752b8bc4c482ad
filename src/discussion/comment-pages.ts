import { editionOfArticle, findArticleRefs } from './article-refs.ts'
import { createCommentStore } from './comment-store.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AppError, isAppError } from '../errors.ts'
import { wantsJson } from '../http/errors.ts'
import { editWindowClosed } from './comment-service.ts'
import { pageAssets, sendPrivatePage, viewerOf, type DiscussionContext } from './context.ts'
import { CommentParams } from './public-routes.ts'
import { getSettings } from './settings.ts'
import { createStandardsStore } from './standards-store.ts'
import { commentItem } from './templates/comment.ts'
import { editPage, reportPage } from './templates/pages.ts'
import type { CommentView } from './view-models.ts'

const EditBody = Type.Object({ body: Type.String({ maxLength: 100_000 }), _csrf: Type.Optional(Type.String({ maxLength: 200 })) })
const ReportBody = Type.Object({
  section: Type.Optional(Type.Union([Type.Literal(''), Type.Integer({ minimum: 1, maximum: 99 })])),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})

/** Editing and reporting a comment: pages that work without JavaScript, and JSON for the script. */
export async function commentPages(root: FastifyInstance, ctx: DiscussionContext) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { comments, reader, config } = ctx

  const ownComment = async (request: FastifyRequest, reply: FastifyReply, id: number): Promise<CommentView> => {
    const v = await reader.commentView(id, viewerOf(request, reply, config))
    if (!v || !v.mine || v.status === 'deleted' || v.status === 'removed')
      throw new AppError('COMMENT_NOT_FOUND', { message: 'You have no comment there that can be edited.' })
    return v
  }

  app.get('/discussion/comments/:id/edit', { config: { policy: 'reader' }, schema: { params: CommentParams } }, async (request, reply) => {
    const comment = await ownComment(request, reply, request.params.id)
    const { maxLength, editWindowMinutes } = await getSettings(ctx.db)
    if (!comment.editable) throw editWindowClosed(editWindowMinutes)
    const stored = (await createCommentStore(ctx.db).getComment(comment.id))?.body ?? ''
    return sendPrivatePage(
      reply,
      editPage(await ctx.chrome.forPage(), pageAssets(request, ctx), { comment, viewer: viewerOf(request, reply, config), body: stored, maxLength }),
    )
  })

  app.post('/discussion/comments/:id/edit', { config: { policy: 'reader' }, schema: { params: CommentParams, body: EditBody } }, async (request, reply) => {
    try {
      const r = await comments.edit({ commentId: request.params.id, text: request.body.body, who: request.auth!.principal, ip: request.ip })
      if (!wantsJson(request)) {
        // back to the article the reader came from, at the comment (the discussion page if it has no public address)
        const path = (await findArticleRefs(ctx.db, [r.comment.articleId])).get(r.comment.articleId)?.path
        return reply.redirect(path ? `${path}#c-${r.comment.id}` : `/discussion/${r.comment.articleId}?done=edited#c-${r.comment.id}`, 303)
      }
      const viewer = viewerOf(request, reply, config)
      return reply
        .header('cache-control', 'no-store')
        .send({ id: r.comment.id, status: r.status, message: r.message, html: commentItem((await reader.commentView(r.comment.id, viewer))!, viewer).value })
    } catch (e) {
      if (wantsJson(request) || !isAppError(e) || !['VALIDATION_FAILED', 'COMMENT_REJECTED', 'RATE_LIMITED'].includes(e.code)) throw e
      const comment = await ownComment(request, reply, request.params.id)
      const { maxLength } = await getSettings(ctx.db)
      const page = editPage(await ctx.chrome.forPage(), pageAssets(request, ctx), {
        comment,
        viewer: viewerOf(request, reply, config),
        body: request.body.body.slice(0, maxLength * 2),
        error: e.fields[0]?.message ?? e.publicMessage,
        maxLength,
      })
      return sendPrivatePage(reply, page, e.status)
    }
  })

  const showReport = async (request: FastifyRequest, reply: FastifyReply, id: number, extra: { error?: string; done?: boolean } = {}, status = 200) => {
    const c = await comments.visibleComment(id)
    const viewer = viewerOf(request, reply, config)
    const comment = (await reader.commentView(c.id, viewer))!
    if (comment.mine) throw new AppError('FORBIDDEN', { message: 'You cannot report your own comment.' })
    const sections = await createStandardsStore(ctx.db, await editionOfArticle(ctx.db, c.articleId)).findActiveSections()
    return sendPrivatePage(reply, reportPage(await ctx.chrome.forPage(), pageAssets(request, ctx), { comment, viewer, sections, ...extra }), status)
  }

  app.get('/discussion/comments/:id/report', { config: { policy: 'reader' }, schema: { params: CommentParams } }, async (request, reply) =>
    showReport(request, reply, request.params.id),
  )

  app.post('/discussion/comments/:id/report', { config: { policy: 'reader' }, schema: { params: CommentParams, body: ReportBody } }, async (request, reply) => {
    const section = typeof request.body.section === 'number' ? request.body.section : 0
    try {
      await comments.report({ commentId: request.params.id, who: request.auth!.principal, section, note: request.body.note ?? '' })
    } catch (e) {
      if (wantsJson(request) || !isAppError(e) || !['VALIDATION_FAILED', 'CONFLICT'].includes(e.code)) throw e
      return showReport(request, reply, request.params.id, { error: e.publicMessage }, e.status)
    }
    if (wantsJson(request)) return reply.code(201).header('cache-control', 'no-store').send({ id: request.params.id, reported: true })
    return showReport(request, reply, request.params.id, { done: true })
  })
}
