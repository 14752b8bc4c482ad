import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.ts'
import type { EditionContexts } from '../content/edition-context.ts'
import type { ChromeService } from '../web/chrome.ts'
import type { NewsroomAssets } from '../web/newsroom-layout.ts'
import type { PageContext } from '../web/pages.ts'
import type { Live } from './live.ts'
import { liveAdminRoutes } from './routes-admin.ts'
import { liveNewsroomRoutes } from './routes-newsroom.ts'
import { livePublicRoutes } from './routes-public.ts'

export interface LiveRoutesOptions {
  live: Live
  /** The editions: each edition's /live (/ar/live) shows its own stations. */
  editions?: EditionContexts
  chrome: ChromeService
  pageAssets: PageContext
  newsroomAssets: NewsroomAssets
  config: Config
}

/** Live radio: /live pages, now-playing events, the stations API and the newsroom's station pages. */
export async function liveRoutes(app: FastifyInstance, opts: LiveRoutesOptions) {
  // Who may call each route (its policy) and CSRF are enforced app-wide by accounts/auth-plugin.ts.
  const { live, editions, chrome, pageAssets, newsroomAssets, config } = opts
  await app.register(livePublicRoutes, { live, chrome, pageAssets, ...(editions ? { editions } : {}) })
  await app.register(liveAdminRoutes, { live })
  await app.register(liveNewsroomRoutes, { live, assets: newsroomAssets, config })
}
