import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'
import type { Policy } from '../http/policy.ts'
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
  /**
   * Decides whether a request may use a staff route. Until sign-in exists there is nobody to let
   * in, so the default refuses every non-public route.
   */
  authorize?: (request: FastifyRequest, policy: Policy) => void | Promise<void>
}

const refuse = () => {
  throw new AppError('UNAUTHENTICATED')
}

/** Live radio: /live pages, now-playing events, the stations API and the newsroom's station pages. */
export async function liveModule(app: FastifyInstance, opts: LiveModuleOptions) {
  const { live, site, assets } = opts
  const authorize = opts.authorize ?? refuse
  app.addHook('onRequest', async (request) => {
    const policy = request.routeOptions.config.policy
    if (policy && policy !== 'public') await authorize(request, policy)
  })
  app.addHook('onClose', async () => live.close())

  const pageAssets = { css: assets.url('site.css'), icon: assets.url('favicon.svg'), script: assets.url('build/site.js') }
  await app.register(livePublicRoutes, { live, site, pageAssets })
  await app.register(liveAdminRoutes, { live })
  await app.register(liveNewsroomRoutes, { live, site, pageAssets })
}
