import { createSafeFetch } from '../http/guarded-fetch.ts'
import type { ModuleFactory } from '../module.ts'
import { createLive, type Live, type LiveOptions } from './live.ts'
import { liveRoutes } from './routes.ts'

declare module '../module.ts' {
  interface Services {
    /** Stations, now playing, and the stream origins the Content-Security-Policy allows. */
    live: Live
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The live-radio module's services (tests and tools reach stations through it). */
    live: Live
  }
}

/** Live radio: stations, the Listen Live player in every page's header, /live, now playing. */
export const liveModule =
  (options: LiveOptions = {}): ModuleFactory =>
  async (kit) => {
    // station status URLs are an admin's input: fetched only from addresses outside the private ranges
    const live = createLive(kit, { fetch: createSafeFetch({ allowed: kit.config.fetchAllowedAddresses }), ...options })
    // read in the background: the CSP's stream origins are there by the first page
    const warming = live.warm()
    return {
      name: 'live',
      services: { live },
      parts: { headerTools: (editionId, edition) => live.headerTools(editionId, edition) },
      decorations: { live },
      routes: (app) =>
        liveRoutes(app, {
          live,
          editions: kit.editions,
          chrome: kit.chrome,
          pageAssets: kit.pageAssets,
          newsroomAssets: kit.newsroomAssets,
          config: kit.config,
        }),
      // a station changed on some node: every node re-reads stations (header button, CSP origins)
      onInvalidate: (tags) => {
        if (tags.includes('stations')) live.stationsChanged()
      },
      onReady: () => warming,
      close: async () => live.close(),
    }
  }
