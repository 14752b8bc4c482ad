import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TObject, TSchema } from 'typebox'
import { sendCachedPage } from '../cache/http-cache.ts'
import type { PageCache } from '../cache/page-cache.ts'
import { AppError, isAppError } from '../errors.ts'
import { ErrorResponse } from '../http/api-schemas.ts'
import { isDatabaseDown } from '../http/errors.ts'
import { nameSchemas } from '../http/openapi-components.ts'
import { decodeCursor } from '../web/format.ts'
import type { ApiResult, ContentApi } from './content-api.ts'
import {
  ARTICLE_FIELDS,
  ArticleList,
  ArticleOne,
  ArticleQuery,
  ArticlesQuery,
  AuthorList,
  EditionList,
  EditionQuery,
  IdParams,
  KeyOnlyQuery,
  LIST_FIELDS,
  SectionList,
  TagList,
  type ArticleField,
} from './content-api-schemas.ts'
import type { RequireKey } from './key-access.ts'
import { etagMatches } from '../http/conditional.ts'

type Query = Record<string, string | undefined>

/** One read of the Content API: its address, its schemas, what the OpenAPI document says of it, and how it is answered. */
interface ContentRoute {
  path: string
  operationId: string
  summary: string
  description: string
  tag: 'articles' | 'taxonomy' | 'editions'
  params?: TObject
  query: TObject
  response: TSchema
  errors: (400 | 401 | 404 | 429)[]
  handle(params: Record<string, string>, query: Query): Promise<ApiResult<unknown>>
}

const fieldsOf = (text: string | undefined, fallback: readonly ArticleField[]): ArticleField[] =>
  text === undefined ? [...fallback] : [...new Set(text.split(',').filter((f): f is ArticleField => (ARTICLE_FIELDS as readonly string[]).includes(f)))]

function routesOf(api: ContentApi): ContentRoute[] {
  return [
    {
      path: '/api/content/articles',
      operationId: 'listArticles',
      summary: 'List published articles, newest first',
      description:
        'Filter by edition, section (with its subsections), tag or author; page with `before` (the `next` of the previous page); choose fields with `fields`. Without `fields`, everything but the body comes.',
      tag: 'articles',
      query: ArticlesQuery,
      response: ArticleList,
      errors: [400, 401, 404, 429],
      handle: (_p, q) => {
        const before = q.before !== undefined ? decodeCursor(q.before) : undefined
        if (q.before !== undefined && !before)
          throw new AppError('VALIDATION_FAILED', { message: 'Query parameter "before" must be a `next` cursor from a previous page.' })
        return api.articles({
          edition: q.edition,
          section: q.section,
          tag: q.tag,
          author: q.author,
          before,
          limit: Number(q.limit ?? '20'),
          fields: fieldsOf(q.fields, LIST_FIELDS),
        })
      },
    },
    {
      path: '/api/content/articles/:id',
      operationId: 'getArticle',
      summary: 'One published article',
      description: 'Every field (the body as blocks and as HTML included) unless `fields` picks some.',
      tag: 'articles',
      params: IdParams,
      query: ArticleQuery,
      response: ArticleOne,
      errors: [400, 401, 404, 429],
      handle: (p, q) => api.article(Number(p.id), fieldsOf(q.fields, ARTICLE_FIELDS)),
    },
    {
      path: '/api/content/sections',
      operationId: 'listSections',
      summary: 'The sections of an edition, in tree order',
      description: 'Each with its parent, position and page address.',
      tag: 'taxonomy',
      query: EditionQuery,
      response: SectionList,
      errors: [400, 401, 404, 429],
      handle: (_p, q) => api.sections(q.edition),
    },
    {
      path: '/api/content/tags',
      operationId: 'listTags',
      summary: 'The tags of an edition’s published articles',
      description: 'Most used first (then in the edition’s alphabetical order), with how many published articles carry each.',
      tag: 'taxonomy',
      query: EditionQuery,
      response: TagList,
      errors: [400, 401, 404, 429],
      handle: (_p, q) => api.tags(q.edition),
    },
    {
      path: '/api/content/authors',
      operationId: 'listAuthors',
      summary: 'The authors of published articles',
      description: 'Everyone with a byline on a published article, with how many, in the default edition’s alphabetical order.',
      tag: 'taxonomy',
      query: KeyOnlyQuery,
      response: AuthorList,
      errors: [400, 401, 429],
      handle: () => api.authors(),
    },
    {
      path: '/api/content/editions',
      operationId: 'listEditions',
      summary: 'The site’s editions',
      description: 'Language and regional editions, the default first, with their locale, direction and home page.',
      tag: 'editions',
      query: KeyOnlyQuery,
      response: EditionList,
      errors: [400, 401, 429],
      handle: () => api.editions(),
    },
  ]
}

const ERROR_TEXT: Record<number, string> = {
  400: 'VALIDATION_FAILED: a parameter is not valid; the message says which.',
  401: 'API_KEY_INVALID: no live API key with the content scope.',
  404: 'NOT_FOUND, ARTICLE_NOT_FOUND or SECTION_NOT_FOUND: nothing is published there.',
  429: 'RATE_LIMITED: this key made too many requests this minute; see Retry-After.',
}

/** The Content API's own OpenAPI 3.1 document, from the same route table and schemas as the routes. */
export function contentOpenapi(api: ContentApi, siteUrl: string): object {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routesOf(api)) {
    const params = Object.entries(r.params?.properties ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema }))
    const query = Object.entries(r.query.properties).map(([name, schema]) => {
      const { description, ...rest } = schema as { description?: string }
      return { name, in: 'query', required: (r.query.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest }
    })
    const responses: Record<string, unknown> = { 200: { description: 'OK', content: { 'application/json': { schema: r.response } } } }
    for (const s of r.errors) responses[s] = { description: ERROR_TEXT[s], content: { 'application/json': { schema: ErrorResponse } } }
    paths[r.path.replace(/:(\w+)/g, '{$1}')] = {
      get: { operationId: r.operationId, summary: r.summary, description: r.description, tags: [r.tag], parameters: [...params, ...query], responses },
    }
  }
  return nameSchemas({
    openapi: '3.1.0',
    info: {
      title: 'Dateline Content API',
      version: '1',
      description:
        'Published content as JSON, read-only, for apps and headless front ends. Every request needs an API key with the `content` scope (made by an admin at /newsroom/syndication): `Authorization: Bearer dlk_…`, `X-Api-Key: dlk_…` or `?key=dlk_…`. Each key may make a number of requests a minute (X-RateLimit-Limit, X-RateLimit-Remaining; 429 with Retry-After past it). Responses carry an ETag (send If-None-Match for a 304) and are open to every origin (CORS). Errors are `{ "error": { "code", "message" } }`.',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    servers: [{ url: siteUrl, description: 'This Dateline site' }],
    tags: [
      { name: 'articles', description: 'Published articles: lists with filters and paging, and one by id.' },
      { name: 'taxonomy', description: 'Sections, tags and authors.' },
      { name: 'editions', description: 'The site’s language and regional editions.' },
    ],
    security: [{ bearer: [] }, { apiKeyHeader: [] }, { apiKeyQuery: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key with the content scope.' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The same key, in a header of its own.' },
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'The same key, in the query (where headers cannot be set).' },
      },
    },
    paths,
  })
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'etag, x-ratelimit-limit, x-ratelimit-remaining, retry-after',
}

/** The request's address as the cache knows it: the path and its parameters in order, the key left out. */
function cacheKeyOf(request: FastifyRequest): string {
  const url = new URL(request.url, 'http://x')
  url.searchParams.delete('key')
  url.searchParams.sort()
  return `content-api ${url.pathname}?${url.searchParams.toString()}`
}

/**
 * /api/content/…: public, read-only JSON with API keys (scope `content`), rate-limited per key, open
 * to every origin, answered from the page cache (the same tags as pages, so a publication or a
 * correction reaches it at once) and described by /api/content/openapi.json.
 */
export async function contentRoutes(app: FastifyInstance, o: { api: ContentApi; requireKey: RequireKey; cache: PageCache; ttlMs: number; siteUrl: string }) {
  const document = JSON.stringify(contentOpenapi(o.api, o.siteUrl))

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/content/')) reply.headers(CORS)
  })

  app.options('/api/content/*', { config: { policy: 'public', csrf: false }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header('access-control-allow-headers', 'authorization, x-api-key, if-none-match')
      .header('access-control-max-age', '86400')
      .send(),
  )

  app.get('/api/content/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').header('cache-control', 'public, max-age=300').send(document),
  )

  for (const r of routesOf(o.api)) {
    const response: Record<number, TSchema> = { 200: r.response }
    for (const s of r.errors) response[s] = ErrorResponse
    app.get(
      r.path,
      { config: { policy: 'public' }, schema: { hide: true, ...(r.params ? { params: r.params } : {}), querystring: r.query, response } },
      async (request: FastifyRequest, reply: FastifyReply) => {
        await o.requireKey(request, reply, 'content')
        const key = cacheKeyOf(request)
        const cached = o.cache.get(key)
        if (cached && !cached.stale && Date.now() - cached.storedAt < o.ttlMs) return sendCachedPage(request, reply, cached, 'HIT')
        let result: ApiResult<unknown>
        try {
          result = await r.handle(request.params as Record<string, string>, request.query as Query)
        } catch (e) {
          // the database failing: what was cached is still served, marked stale
          if (cached && ((isAppError(e) && e.code === 'DATABASE_UNAVAILABLE') || isDatabaseDown(e))) return sendCachedPage(request, reply, cached, 'STALE')
          throw e
        }
        const body = Buffer.from(reply.serialize(result.body) as string)
        const page = o.cache.set(key, {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-cache' },
          body,
          tags: result.tags,
        })
        reply.headers(page.headers).header('etag', page.etag).header('x-cache', 'MISS')
        if (etagMatches(request.headers['if-none-match'], page.etag)) return reply.code(304).send()
        return reply.send(body)
      },
    )
  }
}
