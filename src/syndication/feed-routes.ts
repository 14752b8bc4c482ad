import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../http/api-schemas.ts'
import { NINJS_MEDIA_TYPE, NINJS_STANDARD } from './ninjs.ts'
import { FEED_CURSOR_PATTERN, type NinjsService } from './ninjs-service.ts'
import type { RequireKey } from './key-access.ts'

/** A ninjs 2.1 item (the IPTC schema is the full description; this names what every item has). */
export const NinjsItemSchema = Type.Object(
  {
    uri: Type.String({ format: 'uri' }),
    version: Type.String(),
    pubstatus: Type.Union([Type.Literal('usable'), Type.Literal('canceled')]),
    versioncreated: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: true, title: 'NinjsItem', description: `An IPTC ninjs ${NINJS_STANDARD.version} news item (${NINJS_STANDARD.schema}).` },
)

const FeedQuery = Type.Object(
  {
    since: Type.Optional(
      Type.String({ pattern: FEED_CURSOR_PATTERN, description: 'the `next` value of the previous page; 0 or absent starts at the beginning' }),
    ),
    limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|100)$', description: 'items per page, 1 to 100 (default 50)' })),
    key: Type.Optional(Type.String({ maxLength: 100, description: 'the API key, when it cannot be sent as a header' })),
  },
  { additionalProperties: false },
)
const FeedPageSchema = Type.Object(
  {
    items: Type.Array(NinjsItemSchema),
    next: Type.String({ description: 'pass as `since` for the next page' }),
    more: Type.Boolean({ description: 'true when another page is already waiting' }),
  },
  { additionalProperties: false },
)
const ItemParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'an article id' }) })
const KeyQuery = Type.Object({ key: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false })

/** The subscriber feed: ninjs items of every change, paged with `since`; one item by its uri. Keys with the `feed` scope. */
export async function feedRoutes(app: FastifyInstance, o: { ninjs: NinjsService; requireKey: RequireKey }) {
  app.get<{ Querystring: Static<typeof FeedQuery> }>(
    '/api/ninjs/items',
    {
      config: { policy: 'public' },
      schema: { querystring: FeedQuery, response: { 200: FeedPageSchema, 401: ErrorResponse, 429: ErrorResponse } },
    },
    async (request, reply) => {
      await o.requireKey(request, reply, 'feed')
      const since = Number(request.query.since ?? '0')
      const page = await o.ninjs.feed(since, Number(request.query.limit ?? '50'))
      reply.header('cache-control', 'private, no-cache')
      return page
    },
  )

  app.get<{ Params: Static<typeof ItemParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/ninjs/items/:id',
    {
      config: { policy: 'public' },
      schema: { params: ItemParams, querystring: KeyQuery, response: { 200: NinjsItemSchema, 401: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse } },
    },
    async (request, reply) => {
      await o.requireKey(request, reply, 'feed')
      const item = await o.ninjs.current(Number(request.params.id))
      if (!item) throw new AppError('ARTICLE_NOT_FOUND')
      return reply.type(`${NINJS_MEDIA_TYPE}; charset=utf-8`).header('cache-control', 'private, no-cache').send(item)
    },
  )
}
