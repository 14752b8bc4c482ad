import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { EditionContexts } from '../content/edition-context.ts'
import { AppError } from '../errors.ts'
import type { ChromeService } from '../web/chrome.ts'
import type { PageContext } from '../web/pages.ts'
import { openEventStream, type EventStream } from '../http/event-stream.ts'
import type { Live } from './live.ts'
import { livePage, offAirPage } from './templates.ts'
import { livePageView, playerView } from './view-models.ts'

export interface PublicRoutesOptions {
  live: Live
  /** The request's edition (its URL prefix): /ar/live lists the Arabic edition's stations. */
  editions?: EditionContexts
  chrome: ChromeService
  pageAssets: PageContext
}

const Slug = Type.String({
  pattern: '^[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}\\p{N}]+(-[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}\\p{N}]+)*$',
  maxLength: 80,
  description: 'a station short name such as dateline-radio',
})

/** Readers' side: /live pages, the now-playing event stream, and a public JSON list of stations. */
export async function livePublicRoutes(app: FastifyInstance, opts: PublicRoutesOptions) {
  const { live, chrome, pageAssets } = opts
  const { stations, nowPlaying } = live
  /** The edition of the request (its URL prefix), else the stations' default edition. */
  const requestEdition = async (): Promise<number> => (opts.editions ? (await opts.editions.get()).edition.id : stations.defaultEditionId())
  const streams = new Set<EventStream>()

  // End open event streams first, or closing the server would wait for readers to leave.
  app.addHook('preClose', async () => {
    for (const s of streams) s.close()
  })

  /** The page's assets, and who is signed in (such pages are not shared from caches). */
  const context = (request: FastifyRequest): PageContext => {
    const who = request.auth?.principal
    return who ? { ...pageAssets, viewer: { name: who.displayName, staff: who.kind === 'staff' } } : pageAssets
  }

  // "On now" changes by the minute: short freshness for shared caches; a signed-in page is private.
  const freshness = (request: FastifyRequest) => (request.auth ? 'private, no-cache' : 'public, max-age=30')

  async function page(request: FastifyRequest, slug: string | undefined) {
    const edition = await requestEdition()
    const all = await stations.forReaders(edition)
    const station = slug === undefined ? all[0] : all.find((s) => s.slug === slug)
    // a site without a station yet: /live (where Listen Live leads) says it is off air
    if (!station && slug === undefined && all.length === 0) return offAirPage(await chrome.forPage(), context(request)).value
    if (!station) throw new AppError('STATION_NOT_FOUND')
    const frame = await chrome.forPage()
    const view = livePageView(station, all, nowPlaying.status(station), live.now(), frame.i18n, frame.prefix)
    return livePage(frame, context(request), view).value
  }

  app.get('/live', { config: { policy: 'public' }, schema: { querystring: Type.Object({}) } }, async (request, reply) => {
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', freshness(request))
      .send(await page(request, undefined))
  })

  app.get<{ Params: { slug: string } }>(
    '/live/:slug',
    { config: { policy: 'public' }, schema: { params: Type.Object({ slug: Slug }) } },
    async (request, reply) => {
      const edition = await requestEdition()
      const all = await stations.forReaders(edition)
      if (all[0]?.slug === request.params.slug) return reply.redirect(`${(await chrome.forPage()).prefix}/live`, 301)
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', freshness(request))
        .send(await page(request, request.params.slug))
    },
  )

  app.get<{ Querystring: { station: string } }>(
    '/live/events',
    { config: { policy: 'public' }, schema: { querystring: Type.Object({ station: Slug }) } },
    async (request, reply) => {
      // the address's share first: a flood of connections costs no database work
      const release = app.streamQuota.acquire(request.ip)
      let stream: EventStream | undefined
      const pending: unknown[] = []
      let unsubscribe: () => void
      let station
      try {
        const edition = await requestEdition()
        station = (await stations.forReaders(edition)).find((s) => s.slug === request.query.station)
        if (!station) throw new AppError('STATION_NOT_FOUND')
        // Subscribing may refuse (LIVE_BUSY): do it before the response is taken over.
        unsubscribe = nowPlaying.subscribe(station, (u) => void (stream ? stream.send('now-playing', u) : pending.push(u)))
      } catch (err) {
        release()
        throw err
      }
      stream = openEventStream(request, reply, {
        retryMs: 5000,
        heartbeatMs: 25_000,
        onClose: () => {
          unsubscribe()
          streams.delete(stream!)
          release()
        },
      })
      streams.add(stream)
      stream.send('now-playing', pending.at(-1) ?? nowPlaying.update(station))
    },
  )

  app.get('/api/content/stations', { config: { policy: 'public' }, schema: { querystring: Type.Object({}) } }, async (_request, reply) => {
    const edition = await stations.defaultEditionId()
    const all = await stations.forReaders(edition)
    for (const s of all) nowPlaying.status(s) // refresh stale statuses in the background
    reply.header('cache-control', 'public, max-age=10')
    return {
      stations: all.map((s, i) => {
        const p = playerView(s, i === 0)
        return {
          slug: p.slug,
          name: p.name,
          href: p.href,
          timeZone: s.timeZone,
          streams: p.streams.map(({ url, type }) => ({ url, type })),
          nowPlaying: nowPlaying.update(s),
        }
      }),
    }
  })
}
