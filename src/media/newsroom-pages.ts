import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { Config } from '../config.ts'
import { AppError, isAppError } from '../errors.ts'
import { deskError, deskProblem } from '../web/desk-errors.ts'
import { sendPage } from '../web/responses.ts'
import { staffTr, type NewsroomAssets, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { MediaService } from './media-service.ts'
import { mediaDetailPage, mediaLibraryPage } from './newsroom-templates.ts'

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  licence: Type.Optional(Type.String({ enum: ['expiring', 'expired'] })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  pick: Type.Optional(Type.String({ enum: ['1'] })),
})
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })
const DetailForm = Type.Object({
  alt: Type.Optional(Type.String({ maxLength: 1000 })),
  caption: Type.Optional(Type.String({ maxLength: 2000 })),
  credit: Type.Optional(Type.String({ maxLength: 1000 })),
  copyright: Type.Optional(Type.String({ maxLength: 1000 })),
  focalX: Type.Optional(Type.String({ maxLength: 20 })),
  focalY: Type.Optional(Type.String({ maxLength: 20 })),
  licenceExpiresAt: Type.Optional(Type.String({ maxLength: 40 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})
const PAGE = 48

/** The newsroom's media library: search, licence warnings, upload; each picture's details, focal point, uses, replace, delete. */
export async function mediaNewsroomPages(app: FastifyInstance, o: { media: MediaService; assets: NewsroomAssets; config: Config }) {
  const { media } = o
  const frame = (request: FastifyRequest, reply: FastifyReply, title: string, flash?: NewsroomFrame['flash']): NewsroomFrame => ({
    title,
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, o.config),
    assets: o.assets,
    current: '/newsroom/media',
    flash,
  })

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/newsroom/media',
    { config: { policy: 'staff' }, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const page = request.query.page ?? 1
      const licence = request.query.licence as 'expiring' | 'expired' | undefined
      const [items, warnings] = await Promise.all([
        media.list({ text: request.query.q, licence, limit: PAGE + 1, offset: (page - 1) * PAGE }),
        media.licenceWarnings(),
      ])
      const query = (p: number) =>
        `/newsroom/media?${new URLSearchParams({ ...(request.query.q ? { q: request.query.q } : {}), ...(licence ? { licence } : {}), page: String(p) })}`
      return sendPage(
        reply,
        mediaLibraryPage(frame(request, reply, staffTr(request).t('desk.media.title')), {
          items: items.slice(0, PAGE),
          q: request.query.q ?? '',
          licence,
          warnings,
          nextHref: items.length > PAGE ? query(page + 1) : undefined,
          previousHref: page > 1 ? query(page - 1) : undefined,
        }),
      )
    },
  )

  const detail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { flash?: NewsroomFrame['flash']; errors?: Record<string, string> } = {},
    status = 200,
  ) => {
    const item = await media.get(id)
    if (!item) throw new AppError('MEDIA_NOT_FOUND')
    const uses = await media.uses(id)
    const tr = staffTr(request)
    return sendPage(
      reply,
      mediaDetailPage(frame(request, reply, item.caption || item.filename || tr.t('desk.media.picture', { id }), extra.flash), {
        item,
        uses,
        errors: extra.errors ?? {},
      }),
      status,
    )
  }

  app.get<{ Params: Static<typeof IdParams>; Querystring: { saved?: string } }>(
    '/newsroom/media/:id',
    { config: { policy: 'staff' }, schema: { params: IdParams, querystring: Type.Object({ saved: Type.Optional(Type.String({ enum: ['1', 'replaced'] })) }) } },
    async (request, reply) =>
      detail(request, reply, request.params.id, {
        flash: request.query.saved
          ? { kind: 'ok', text: staffTr(request).t(request.query.saved === 'replaced' ? 'desk.media.replaced' : 'desk.saved') }
          : undefined,
      }),
  )

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof DetailForm> }>(
    '/newsroom/media/:id',
    { config: { policy: 'reporter' }, bodyLimit: 16_384, schema: { params: IdParams, body: DetailForm } },
    async (request, reply) => {
      const b = request.body
      const x = b.focalX !== undefined && b.focalX !== '' ? Number(b.focalX) : undefined
      const y = b.focalY !== undefined && b.focalY !== '' ? Number(b.focalY) : undefined
      const expiry = (b.licenceExpiresAt ?? '').trim()
      try {
        await media.update(
          request.params.id,
          {
            alt: b.alt,
            caption: b.caption,
            credit: b.credit,
            copyright: b.copyright,
            focal: x !== undefined && y !== undefined ? { x, y } : undefined,
            licenceExpiresAt:
              b.licenceExpiresAt === undefined
                ? undefined
                : expiry === ''
                  ? null
                  : new Date(/^\d{4}-\d{2}-\d{2}$/.test(expiry) ? `${expiry}T00:00:00Z` : expiry),
          },
          request.auth!.principal.id,
        )
      } catch (e) {
        if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e
        const tr = staffTr(request)
        const errors = Object.fromEntries(e.fields.map((f) => [f.field, deskProblem(tr, f.message)]))
        return detail(request, reply, request.params.id, { flash: { kind: 'error', text: deskError(tr, e) }, errors }, 400)
      }
      return reply.redirect(`/newsroom/media/${request.params.id}?saved=1`, 303)
    },
  )

  app.post<{ Params: Static<typeof IdParams>; Body: { _csrf?: string } }>(
    '/newsroom/media/:id/delete',
    {
      config: { policy: 'editor' },
      bodyLimit: 4096,
      schema: { params: IdParams, body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }) },
    },
    async (request, reply) => {
      try {
        await media.remove(request.params.id, request.auth!.principal.id)
      } catch (e) {
        if (!isAppError(e) || e.code !== 'MEDIA_IN_USE') throw e
        return detail(request, reply, request.params.id, { flash: { kind: 'error', text: deskError(staffTr(request), e) } }, 409)
      }
      return reply.redirect('/newsroom/media', 303)
    },
  )
}
