import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { Config } from '../config.ts'
import type { Clock } from '../deps.ts'
import { isAppError } from '../errors.ts'
import { deskError, deskProblem } from '../web/desk-errors.ts'
import { staffTr, type NewsroomAssets, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { LinkService } from './link-service.ts'
import type { ShortLink } from './link-store.ts'
import { linksPage, type LinkRow } from './newsroom-templates.ts'

const Form = Type.Object({
  url: Type.Optional(Type.String({ maxLength: 2100 })),
  expiresAt: Type.Optional(Type.String({ maxLength: 40 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })
const ListQuery = Type.Object({
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'it must be a link id from an "Older links" link' })),
  made: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
})
const PAGE = 50

/** A datetime-local value ("2026-12-31T23:59") read as GMT; empty means no expiry. */
export function expiryFromForm(text: string | undefined): string | null {
  const t = (text ?? '').trim()
  if (t === '') return null
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(t) ? `${t}:00Z` : t
}

/** The newsroom's short-links page (editors): make, list, change expiry, delete. */
export async function linksNewsroomPages(app: FastifyInstance, o: { links: LinkService; config: Config; clock: Clock; assets: NewsroomAssets }) {
  const { links, clock } = o
  const frame = (request: FastifyRequest, reply: FastifyReply, flash?: NewsroomFrame['flash']): NewsroomFrame => ({
    title: staffTr(request).t('desk.links.title'),
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, o.config),
    assets: o.assets,
    current: '/newsroom/links',
    flash,
  })
  const row = (l: ShortLink): LinkRow => ({
    id: l.id,
    code: l.code,
    shortUrl: links.shortUrl(l.code),
    url: l.targetUrl ?? '',
    clicks: l.clicks,
    expiresAt: l.expiresAt,
    createdAt: l.createdAt,
    expired: l.expiresAt !== null && l.expiresAt <= clock.now(),
  })
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<Parameters<typeof linksPage>[1]> & { flash?: NewsroomFrame['flash'] } = {},
    status = 200,
    before?: number,
  ) => {
    const list = await links.listLinks({ limit: PAGE + 1, ...(before ? { beforeId: before } : {}) })
    const rows = list.slice(0, PAGE).map(row)
    const page = linksPage(frame(request, reply, extra.flash), {
      rows,
      nextHref: list.length > PAGE ? `/newsroom/links?before=${rows.at(-1)!.id}` : undefined,
      ...extra,
    })
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)
  }

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/newsroom/links',
    { config: { policy: 'editor' }, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const made = request.query.made ? await links.store.getLink(request.query.made) : undefined
      return show(request, reply, { made: made && made.kind === 'url' ? row(made) : undefined }, 200, request.query.before)
    },
  )

  app.post<{ Body: Static<typeof Form> }>(
    '/newsroom/links',
    { config: { policy: 'editor' }, bodyLimit: 8192, schema: { body: Form } },
    async (request, reply) => {
      const url = request.body.url ?? ''
      try {
        const link = await links.createLink({ url, expiresAt: expiryFromForm(request.body.expiresAt), createdBy: request.auth?.principal.personId ?? null })
        return reply.redirect(`/newsroom/links?made=${link.id}`, 303)
      } catch (e) {
        if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e
        return show(
          request,
          reply,
          {
            draft: { url, expiresAt: request.body.expiresAt ?? '' },
            error: e.fields[0]
              ? { field: e.fields[0].field, message: deskProblem(staffTr(request), e.fields[0].message) }
              : { field: 'url', message: deskError(staffTr(request), e) },
          },
          400,
        )
      }
    },
  )

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof Form> }>(
    '/newsroom/links/:id',
    { config: { policy: 'editor' }, bodyLimit: 8192, schema: { params: IdParams, body: Form } },
    async (request, reply) => {
      try {
        await links.updateLink(request.params.id, { expiresAt: expiryFromForm(request.body.expiresAt) })
      } catch (e) {
        if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e
        return show(
          request,
          reply,
          { flash: { kind: 'error', text: e.fields[0] ? deskProblem(staffTr(request), e.fields[0].message) : deskError(staffTr(request), e) } },
          400,
        )
      }
      return reply.redirect('/newsroom/links', 303)
    },
  )

  app.post<{ Params: Static<typeof IdParams> }>(
    '/newsroom/links/:id/delete',
    { config: { policy: 'editor' }, bodyLimit: 8192, schema: { params: IdParams, body: Form } },
    async (request, reply) => {
      await links.deleteLink(request.params.id)
      return reply.redirect('/newsroom/links', 303)
    },
  )
}
