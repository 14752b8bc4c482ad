import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.ts'
import type { Assets } from '../site/assets.ts'
import type { SiteService } from '../site/site-service.ts'
import type { Live } from './live.ts'
import { liveAdminRoutes } from './routes-admin.ts'
import { liveNewsroomRoutes } from './routes-newsroom.ts'
import { livePublicRoutes } from './routes-public.ts'

export interface LiveModuleOptions {
  live: Live
  site: SiteService
  assets: Assets
  config: Config
}

/** Live radio: /live pages, now-playing events, the stations API and the newsroom's station pages. */
export async function liveModule(app: FastifyInstance, opts: LiveModuleOptions) {
  // Who may call each route (its policy) and CSRF are enforced app-wide by accounts/auth-plugin.ts.
  const { live, site, assets, config } = opts
  app.addHook('onClose', async () => live.close())

  const pageAssets = { css: assets.url('site.css'), icon: assets.url('favicon.svg'), script: assets.url('build/site.js') }
  await app.register(livePublicRoutes, { live, site, pageAssets })
  await app.register(liveAdminRoutes, { live })
  await app.register(liveNewsroomRoutes, { live, assets, config })
}
