import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import { BodyApiSchema } from '../content/block-schemas.ts'
import type { Config } from '../config.ts'
import { AppError, isAppError } from '../errors.ts'
import { wantsJson } from '../http/errors.ts'
import { allows } from '../http/permissions.ts'
import { deskError } from '../web/desk-errors.ts'
import { html } from '../web/html.ts'
import { renderBody } from '../web/body.ts'
import { staffTr, type NewsroomAssets, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { LiveEntry } from './entry-store.ts'
import { PAGE_SIZE, type Actor, type LiveBlogService } from './liveblog-service.ts'
import { composerPage, composerRow, historyPage } from './newsroom-templates.ts'
import type { EntryContext } from './templates.ts'

// ids in URLs are matched as digits: ajv's coercion would turn "1e309" into Infinity and let it through
const IdText = Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'it must be a number like 12' })
const IdParams = Type.Object({ id: IdText })
const Flag = Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false'), Type.Literal('on'), Type.Literal('')])
const Csrf = Type.Optional(Type.String({ maxLength: 200 }))
const EntryBody = Type.Object(
  {
    text: Type.Optional(Type.String({ maxLength: 20_000, description: 'the update in the composer shorthand (see the composer page)' })),
    body: Type.Optional(BodyApiSchema),
    title: Type.Optional(Type.String({ maxLength: 400, description: "the key event's label" })),
    pinned: Type.Optional(Flag),
    expectRevision: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.String({ pattern: '^[1-9]\\d{0,8}$' })])),
    _csrf: Csrf,
  },
  { additionalProperties: false },
)
const PinBody = Type.Object({ pinned: Flag, title: Type.Optional(Type.String({ maxLength: 400 })), _csrf: Csrf }, { additionalProperties: false })
const FormOnly = Type.Object({ _csrf: Csrf }, { additionalProperties: false })
const ListQuery = Type.Object({ before: Type.Optional(IdText) }, { additionalProperties: false })

const EntryJson = Type.Object({
  id: Type.Integer(),
  articleId: Type.Integer(),
  revision: Type.Integer(),
  seq: Type.Integer(),
  pinned: Type.Boolean(),
  title: Type.String(),
  postedAt: Type.String(),
  deleted: Type.Boolean(),
  permalink: Type.String(),
})
const entryJson = (e: LiveEntry) => ({
  id: e.id,
  articleId: e.articleId,
  revision: e.revision,
  seq: e.changeSeq,
  pinned: e.pinned,
  title: e.title,
  postedAt: e.postedAt.toISOString(),
  deleted: e.deletedAt !== null,
  permalink: `/live-blog/entries/${e.id}`,
})
const truthy = (v: unknown) => v === true || v === 'true' || v === 'on'

/** The newsroom's side of live blogs: the composer page and the changes it sends. Reporters post; editors start and end. */
export async function liveBlogNewsroomRoutes(
  app: FastifyInstance,
  o: { service: LiveBlogService; config: Config; assets: NewsroomAssets; entryContext: (entries: LiveEntry[]) => Promise<EntryContext>; alerts: () => boolean },
) {
  const { service } = o
  const actor = (request: FastifyRequest): Actor => ({ accountId: request.auth!.principal.id, name: request.auth!.principal.displayName })
  const frame = (request: FastifyRequest, reply: FastifyReply, title: string): NewsroomFrame => ({
    title,
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, o.config),
    assets: o.assets,
  })
  const canManage = (request: FastifyRequest) => allows('editor', request.auth?.principal ?? null)

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    articleId: number,
    extra: { before?: number | undefined; draft?: { text: string; title: string; pinned: boolean }; error?: string } = {},
    status = 200,
  ) {
    const a = await service.article(articleId)
    const blog = await service.store.getLiveBlog(articleId)
    const list = blog ? await service.store.listEntries(articleId, { beforeId: extra.before, limit: PAGE_SIZE * 2 + 1 }) : []
    const entries = list.slice(0, PAGE_SIZE * 2)
    const page = composerPage(
      frame(request, reply, staffTr(request).t('desk.live.title', { headline: a.headline })),
      {
        articleId,
        headline: a.headline,
        status: a.status,
        publicUrl: await service.publicPath(a),
        blog,
        entries,
        olderHref: list.length > entries.length ? `/newsroom/articles/${articleId}/live?before=${entries.at(-1)!.id}` : undefined,
        canManage: canManage(request),
        alerts: o.alerts(),
        draft: extra.draft,
        error: extra.error,
      },
      await o.entryContext(entries),
    )
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)
  }

  /** After a change: JSON callers get the entry; forms go back to the composer, at the entry. */
  const done = (request: FastifyRequest, reply: FastifyReply, e: LiveEntry, status = 200) =>
    wantsJson(request)
      ? reply.code(status).header('cache-control', 'no-store').send(entryJson(e))
      : reply.redirect(`/newsroom/articles/${e.articleId}/live${e.deletedAt ? '' : `#nr-entry-${e.id}`}`, 303)

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ListQuery> }>(
    '/newsroom/articles/:id/live',
    { config: { policy: 'reporter' }, schema: { params: IdParams, querystring: ListQuery } },
    async (request, reply) =>
      show(request, reply, Number(request.params.id), { before: request.query.before !== undefined ? Number(request.query.before) : undefined }),
  )

  app.post<{ Params: Static<typeof IdParams> }>(
    '/newsroom/articles/:id/live/start',
    { config: { policy: 'editor' }, bodyLimit: 8192, schema: { params: IdParams, body: FormOnly } },
    async (request, reply) => {
      await service.start(Number(request.params.id), actor(request))
      return wantsJson(request) ? reply.send({ ok: true }) : reply.redirect(`/newsroom/articles/${Number(request.params.id)}/live`, 303)
    },
  )

  app.post<{ Params: Static<typeof IdParams> }>(
    '/newsroom/articles/:id/live/end',
    { config: { policy: 'editor' }, bodyLimit: 8192, schema: { params: IdParams, body: FormOnly } },
    async (request, reply) => {
      await service.end(Number(request.params.id), actor(request))
      return wantsJson(request) ? reply.send({ ok: true }) : reply.redirect(`/newsroom/articles/${Number(request.params.id)}/live`, 303)
    },
  )

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof EntryBody> }>(
    '/newsroom/articles/:id/live/entries',
    { config: { policy: 'reporter' }, bodyLimit: 262_144, schema: { params: IdParams, body: EntryBody, response: { 201: EntryJson } } },
    async (request, reply) => {
      const b = request.body
      try {
        const e = await service.post(Number(request.params.id), { text: b.text, body: b.body, title: b.title, pinned: truthy(b.pinned) }, actor(request))
        return done(request, reply, e, 201)
      } catch (err) {
        if (wantsJson(request) || !isAppError(err) || err.code !== 'VALIDATION_FAILED') throw err
        return show(
          request,
          reply,
          Number(request.params.id),
          { draft: { text: b.text ?? '', title: b.title ?? '', pinned: truthy(b.pinned) }, error: deskError(staffTr(request), err) },
          400,
        )
      }
    },
  )

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof EntryBody> }>(
    '/newsroom/live-entries/:id',
    { config: { policy: 'reporter' }, bodyLimit: 262_144, schema: { params: IdParams, body: EntryBody, response: { 200: EntryJson } } },
    async (request, reply) => {
      const b = request.body
      const e = await service.edit(
        Number(request.params.id),
        {
          text: b.text,
          body: b.body,
          title: b.title,
          ...(b.pinned !== undefined ? { pinned: truthy(b.pinned) } : {}),
          expectRevision: b.expectRevision !== undefined ? Number(b.expectRevision) : undefined,
        },
        actor(request),
      )
      return done(request, reply, e)
    },
  )

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof PinBody> }>(
    '/newsroom/live-entries/:id/pin',
    { config: { policy: 'reporter' }, bodyLimit: 8192, schema: { params: IdParams, body: PinBody, response: { 200: EntryJson } } },
    async (request, reply) =>
      done(request, reply, await service.pin(Number(request.params.id), truthy(request.body.pinned), request.body.title, actor(request))),
  )

  app.post<{ Params: Static<typeof IdParams> }>(
    '/newsroom/live-entries/:id/delete',
    { config: { policy: 'reporter' }, bodyLimit: 8192, schema: { params: IdParams, body: FormOnly, response: { 200: EntryJson } } },
    async (request, reply) => done(request, reply, await service.remove(Number(request.params.id), actor(request))),
  )

  // the composer's script fetches a changed entry's row (with its controls) when another editor changes it
  app.get<{ Params: Static<typeof IdParams> }>(
    '/newsroom/live-entries/:id/row',
    { config: { policy: 'reporter' }, schema: { params: IdParams } },
    async (request, reply) => {
      const e = await service.store.getEntry(Number(request.params.id))
      if (!e || e.deletedAt) throw new AppError('NOT_FOUND', { message: 'That live entry does not exist or was deleted.' })
      const row = composerRow(staffTr(request), e, {
        csrf: formCsrfToken(request, reply, o.config),
        ctx: await o.entryContext([e]),
        canManage: canManage(request),
        alerts: o.alerts(),
        open: false,
      })
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(row.value)
    },
  )

  app.get<{ Params: Static<typeof IdParams> }>(
    '/newsroom/live-entries/:id/history',
    { config: { policy: 'reporter' }, schema: { params: IdParams } },
    async (request, reply) => {
      const e = await service.store.getEntry(Number(request.params.id))
      if (!e) throw new AppError('NOT_FOUND', { message: 'That live entry does not exist.' })
      const revisions = await service.store.history(e.id)
      const ctx = await o.entryContext([])
      const tr = staffTr(request)
      const page = historyPage(frame(request, reply, tr.t('desk.live.historyTitle', { id: e.id })), {
        entry: e,
        revisions: revisions.map((r) => ({
          ...r,
          html: r.action === 'deleted' ? html`<p><em>${tr.t('desk.live.deleted')}</em></p>` : html`<div>${renderBody(r.body, undefined, ctx.locale)}</div>`,
        })),
      })
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)
    },
  )
}
