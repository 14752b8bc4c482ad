import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { AppError } from '../errors.ts'
import { BODY_ERRORS, errorResponses, operation } from '../http/api-schemas.ts'
import type { SafeHtml } from '../web/html.ts'
import type { Translator } from '../web/i18n.ts'
import type { LinkService } from './link-service.ts'
import type { ShortLink } from './link-store.ts'
import { NETWORKS, networkShareUrl, sharePageBody, type NetworkKind } from './templates.ts'

/** What short links need of the counters module: clicks and shares counted, articles checked. */
export interface LinkCounters {
  recordClick(linkId: number, userAgent: string | undefined): boolean
  recordShare(articleId: number, kind: 'copy' | 'native' | NetworkKind, reader: { ip: string; userAgent: string | undefined }): Promise<unknown>
  isPublished(articleId: number): Promise<boolean>
}

export interface LinksModuleOptions {
  links: LinkService
  counters: LinkCounters
  /** Renders a simple page in the site's frame. */
  /** A page in the request's edition: its title and body made with the edition's translator. */
  textPage(title: (tr: Translator) => string, body: (tr: Translator) => SafeHtml): Promise<SafeHtml>
  /** Where SHORT_URL_BASE's codes are answered (another host, or a path of the site's own). */
  shortRoute?: { host?: string; path: string } | undefined
}

// Length only: a malformed code is a 404 page (like an unknown one), not a validation error.
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, description: 'it must be a short code' }) })
const ArticleId = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'it must be an article id (a whole number)' })
const ShareParams = Type.Object({ articleId: ArticleId })
const ShareKindParams = Type.Object({
  articleId: ArticleId,
  kind: Type.Union(
    NETWORKS.map((n) => Type.Literal(n.kind)),
    { description: `it must be one of ${NETWORKS.map((n) => n.kind).join(', ')}` },
  ),
})
const LinkId = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'it must be a link id' }) })
const Expiry = Type.Union([Type.String({ maxLength: 40, description: 'it must be a date and time like 2026-12-31T23:59:00Z' }), Type.Null()])
const NewLink = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000, description: 'it must be an http:// or https:// URL' }),
  expiresAt: Type.Optional(Expiry),
})
const LinkPatch = Type.Object({ expiresAt: Expiry })
const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'it must be from 1 to 200' })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'it must be a link id from the previous page' })),
})

const LinkJson = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String({ description: 'the short code' }),
    shortUrl: Type.String({ description: 'the short link to share' }),
    url: Type.String({ description: 'where it leads' }),
    expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    clicks: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'ShortLink' },
)
const LinkResponse = Type.Object({ link: LinkJson })

/** A link as the admin API shows it. */
export function linkJson(l: ShortLink, shortUrl: string) {
  return {
    id: l.id,
    code: l.code,
    shortUrl,
    url: l.targetUrl,
    expiresAt: l.expiresAt?.toISOString() ?? null,
    clicks: l.clicks,
    createdAt: l.createdAt.toISOString(),
  }
}

/** Short-link redirects, the share page and share redirects, and editors' links API. */
export async function linksRoutes(app: FastifyInstance, opts: LinksModuleOptions) {
  const { links, counters } = opts

  const redirect = async (code: string, method: string, userAgent: string | undefined, reply: FastifyReply) => {
    const target = await links.resolve(code)
    if (method === 'GET') counters.recordClick(target.linkId, userAgent)
    // Not cached, so every click reaches us to be counted and expiry applies at once.
    return reply.header('cache-control', 'no-store').redirect(target.location, target.status)
  }

  app.get<{ Params: Static<typeof CodeParams> }>('/s/:code', { config: { policy: 'public' }, schema: { params: CodeParams } }, async (request, reply) =>
    redirect(request.params.code, request.method, request.headers['user-agent'], reply),
  )

  const short = opts.shortRoute
  if (short) {
    app.get<{ Params: Static<typeof CodeParams> }>(
      `${short.path}/:code`,
      { config: { policy: 'public' }, ...(short.host ? { constraints: { host: short.host } } : {}), schema: { params: CodeParams } },
      async (request, reply) => redirect(request.params.code, request.method, request.headers['user-agent'], reply),
    )
  }

  const publishedArticle = async (articleId: number) => {
    if (!(await counters.isPublished(articleId))) throw new AppError('ARTICLE_NOT_FOUND')
    const code = await links.ensureArticleCode(articleId)
    const { location } = await links.resolve(code)
    const row = await links.headline(articleId)
    return { code, location, headline: row }
  }

  app.get<{ Params: Static<typeof ShareParams> }>(
    '/share/:articleId',
    { config: { policy: 'public' }, schema: { params: ShareParams } },
    async (request, reply) => {
      const { articleId } = request.params
      const a = await publishedArticle(articleId)
      const view = {
        articleId,
        headline: a.headline,
        canonicalUrl: a.location,
        shortUrl: links.shortUrl(a.code),
        path: new URL(a.location).pathname,
      }
      const page = await opts.textPage(
        (tr) => tr.t('share.pageTitle'),
        (tr) => sharePageBody(view, tr),
      )
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'public, max-age=0, must-revalidate')
        .header('x-robots-tag', 'noindex')
        .send(page.value)
    },
  )

  app.get<{ Params: Static<typeof ShareKindParams> }>(
    '/share/:articleId/:kind',
    { config: { policy: 'public' }, schema: { params: ShareKindParams } },
    async (request, reply) => {
      const { articleId, kind } = request.params
      const a = await publishedArticle(articleId)
      await counters.recordShare(articleId, kind, { ip: request.ip, userAgent: request.headers['user-agent'] })
      return reply
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .redirect(networkShareUrl(kind as NetworkKind, { headline: a.headline, url: a.location }), 302)
    },
  )

  // Editors' short links to any URL.
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/admin/links',
    {
      config: { policy: 'editor' },
      schema: {
        ...operation('links', 'listLinks', 'List short links, newest first'),
        querystring: ListQuery,
        response: {
          200: Type.Object({
            links: Type.Array(LinkJson),
            next: Type.Union([Type.Integer({ description: 'pass as `before` for the next page' }), Type.Null()]),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const limit = request.query.limit ?? 50
      const list = await links.listLinks({ limit, ...(request.query.before ? { beforeId: request.query.before } : {}) })
      reply.header('cache-control', 'no-store')
      return { links: list.map((l) => linkJson(l, links.shortUrl(l.code))), next: list.length === limit ? list.at(-1)!.id : null }
    },
  )

  app.post<{ Body: Static<typeof NewLink> }>(
    '/api/admin/links',
    {
      config: { policy: 'editor' },
      bodyLimit: 8192,
      schema: {
        ...operation('links', 'createLink', 'Make a short link to a URL'),
        body: NewLink,
        response: { 201: LinkResponse, ...errorResponses(...BODY_ERRORS) },
      },
    },
    async (request, reply) => {
      const link = await links.createLink({ url: request.body.url, expiresAt: request.body.expiresAt ?? null, createdBy: personId(request) })
      return reply
        .code(201)
        .header('location', `/api/admin/links/${link.id}`)
        .send({ link: linkJson(link, links.shortUrl(link.code)) })
    },
  )

  app.patch<{ Params: Static<typeof LinkId>; Body: Static<typeof LinkPatch> }>(
    '/api/admin/links/:id',
    {
      config: { policy: 'editor' },
      bodyLimit: 8192,
      schema: {
        ...operation('links', 'updateLink', "Change or clear a short link's expiry"),
        params: LinkId,
        body: LinkPatch,
        response: { 200: LinkResponse, ...errorResponses(...BODY_ERRORS, 404) },
      },
    },
    async (request) => {
      const link = await links.updateLink(request.params.id, { expiresAt: request.body.expiresAt })
      return { link: linkJson(link, links.shortUrl(link.code)) }
    },
  )

  app.delete<{ Params: Static<typeof LinkId> }>(
    '/api/admin/links/:id',
    {
      config: { policy: 'editor' },
      schema: {
        ...operation('links', 'deleteLink', 'Delete a short link'),
        params: LinkId,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await links.deleteLink(request.params.id)
      return reply.code(204).send()
    },
  )
}

/** The byline person of whoever is signed in (links record who made them). */
function personId(request: FastifyRequest): number | null {
  return request.auth?.principal.personId ?? null
}
