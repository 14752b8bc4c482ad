import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { AppError } from '../errors.ts'
import { errorResponses, operation } from '../http/api-schemas.ts'
import { isoTime } from '../web/format.ts'
import type { CounterService } from './counter-service.ts'
import { SHARE_KINDS } from './counter-service.ts'
import type { Reader } from './reader.ts'

export interface CountersModuleOptions {
  counters: CounterService
  /** The app's clock (the counts say when they were read). */
  now: () => Date
}

const ArticleId = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'it must be an article id (a whole number)' })
const ViewBody = Type.Object({ article: ArticleId })
const ShareBody = Type.Object({
  article: ArticleId,
  kind: Type.Union(
    SHARE_KINDS.map((k) => Type.Literal(k)),
    { description: `it must be one of ${SHARE_KINDS.join(', ')}` },
  ),
})
const ArticleParams = Type.Object({ id: ArticleId })
const PixelParams = Type.Object({ articleId: ArticleId })
const HistoryQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'it must be a number of days from 1 to 366' })) })
const ViewHistory = Type.Object({
  articleId: Type.Integer(),
  total: Type.Integer({ description: 'views of the article so far' }),
  days: Type.Array(Type.Object({ day: Type.String({ format: 'date', description: 'a UTC day' }), views: Type.Integer() }), {
    description: 'days with views, oldest first',
  }),
})

/** A beacon carries an article id and perhaps a kind: a few bytes. Anything bigger is refused (413). */
const BEACON_LIMIT = 512

// A transparent 1×1 GIF, for readers without JavaScript (<noscript><img>).
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

const readerOf = (request: FastifyRequest): Reader => ({ ip: request.ip, userAgent: request.headers['user-agent'] })

/** View and share beacons, the live counters API, and per-article view history for the newsroom. */
export async function countersModule(app: FastifyInstance, opts: CountersModuleOptions) {
  const { counters } = opts

  const requirePublished = async (id: number) => {
    if (!(await counters.isPublished(id))) throw new AppError('ARTICLE_NOT_FOUND')
  }

  app.post<{ Body: Static<typeof ViewBody> }>(
    '/api/counters/views',
    { config: { policy: 'public', csrf: false }, bodyLimit: BEACON_LIMIT, schema: { body: ViewBody } },
    async (request, reply) => {
      await requirePublished(request.body.article)
      await counters.recordView(request.body.article, readerOf(request))
      return reply.code(204).header('cache-control', 'no-store').send()
    },
  )

  app.get<{ Params: Static<typeof PixelParams> }>(
    '/api/counters/views/:articleId/pixel.gif',
    { config: { policy: 'public' }, schema: { params: PixelParams } },
    async (request, reply) => {
      if (await counters.isPublished(request.params.articleId)) await counters.recordView(request.params.articleId, readerOf(request))
      return reply.header('cache-control', 'no-store, private').type('image/gif').send(PIXEL)
    },
  )

  app.post<{ Body: Static<typeof ShareBody> }>(
    '/api/counters/shares',
    { config: { policy: 'public', csrf: false }, bodyLimit: BEACON_LIMIT, schema: { body: ShareBody } },
    async (request, reply) => {
      await requirePublished(request.body.article)
      await counters.recordShare(request.body.article, request.body.kind, readerOf(request))
      return reply.code(204).header('cache-control', 'no-store').send()
    },
  )

  app.get<{ Params: Static<typeof ArticleParams> }>(
    '/api/content/articles/:id/counters',
    { config: { policy: 'public' }, schema: { params: ArticleParams } },
    async (request, reply) => {
      await requirePublished(request.params.id)
      const c = await counters.getCounts(request.params.id)
      if (!c) throw new AppError('ARTICLE_NOT_FOUND')
      // Browsers ask again each time; a CDN may answer for a couple of seconds.
      reply.header('cache-control', 'public, max-age=0, s-maxage=2')
      return { articleId: c.articleId, comments: c.comments, views: c.views, shares: c.shares, sharesByKind: c.sharesByKind, asOf: isoTime(opts.now()) }
    },
  )

  app.get<{ Params: Static<typeof ArticleParams>; Querystring: Static<typeof HistoryQuery> }>(
    '/api/admin/articles/:id/views',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation(
          'articles',
          'getArticleViews',
          'How often an article was read, day by day',
          'The last `days` days (30 unless given); days without views are left out.',
        ),
        params: ArticleParams,
        querystring: HistoryQuery,
        response: { 200: ViewHistory, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const days = request.query.days ?? 30
      const c = await counters.getCounts(request.params.id)
      if (!c) throw new AppError('ARTICLE_NOT_FOUND')
      reply.header('cache-control', 'no-store')
      return { articleId: c.articleId, total: c.views, days: await counters.dailyViews(request.params.id, days) }
    },
  )
}
