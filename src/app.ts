import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import type { Deps } from './deps.ts'
import { installErrorHandling } from './http/errors.ts'
import { requirePolicies } from './http/policy.ts'
import { loadAssets, type Assets } from './site/assets.ts'
import { buildClient } from './site/client-build.ts'
import { siteErrorPages, siteModule } from './site/routes.ts'
import { createSiteService } from './site/site-service.ts'
import { siteBase } from './config.ts'
import swagger from '@fastify/swagger'
import { installAuth } from './accounts/auth-plugin.ts'
import { createAuthService } from './accounts/auth-service.ts'
import { createStaffService } from './accounts/staff-service.ts'
import { createMemoryRateLimiter, type RateLimiter } from './http/rate-limit.ts'
import { adminApi } from './newsroom/api-routes.ts'
import { createArticleService } from './newsroom/article-service.ts'
import type { NewsroomContext } from './newsroom/context.ts'
import { newsroomPages } from './newsroom/page-routes.ts'
import { createSectionAdmin } from './newsroom/section-admin.ts'
import { createWorkflow, startScheduler } from './newsroom/workflow.ts'
import { createLive, type LiveOptions } from './live/live.ts'
import { liveModule } from './live/routes.ts'

export interface BuildOptions {
  /** Static assets; loaded from public/ when not given. */
  assets?: Assets
  /** Run the scheduled-publishing loop (default true; tests call publishDue themselves). */
  scheduler?: boolean
  /** Rate limiter for sign-in and posting (default: in-process). */
  limiter?: RateLimiter
  /** Live radio's poll interval and status timeout (tests shorten them). */
  live?: LiveOptions
}

/**
 * sha256 of the <style> Turbo inserts for its progress bar, so CSP can allow exactly that
 * stylesheet (style-src stays 'self' otherwise). The live-radio browser test fails on a CSP
 * error if a Turbo upgrade changes it.
 */
export const TURBO_PROGRESS_BAR_STYLE = "'sha256-WAyOw4V+FqDc35lQPyRADLBWbuNK8ahvYEaQIYF1+Ps='"

/** Builds the Fastify app from its dependencies; it does not listen (main.ts does). */
export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { config, database, log } = deps
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    trustProxy: true,
    bodyLimit: 1_048_576,
    routerOptions: { maxParamLength: 500, ignoreDuplicateSlashes: false },
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<TypeBoxTypeProvider>()

  requirePolicies(app)
  const live = createLive(deps, options.live)
  await live.warm()

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", TURBO_PROGRESS_BAR_STYLE],
        imgSrc: ["'self'", 'https:', 'data:'],
        mediaSrc: ["'self'", 'https:', 'http:', 'blob:'],
        // Same-origin for now-playing events; HLS stream origins for hls.js (from station config).
        connectSrc: ["'self'", () => live.cspConnectSources().join(' ')],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: config.siteUrl.protocol === 'https:' ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.siteUrl.protocol === 'https:',
  })
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 1_048_576 })
  await app.register(swagger, {
    openapi: {
      info: { title: 'Dateline admin API', version: '1', description: 'The newsroom’s operations. Authenticate with a session cookie (plus the x-csrf-token header) or `Authorization: Bearer <API token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url }) => ({ schema: url.startsWith('/api/admin/') ? schema : { ...schema, hide: true }, url }),
  })

  const now = () => deps.clock.now()
  const limiter = options.limiter ?? createMemoryRateLimiter()
  const auth = createAuthService({ db: database.db, limiter, now })
  installAuth(app, { auth, config })
  const newsroomDeps = { db: database.db, events: deps.events, now }
  const newsroom: NewsroomContext = {
    db: database.db,
    config,
    auth,
    now,
    staff: createStaffService({ db: database.db, now }),
    articles: createArticleService(newsroomDeps),
    workflow: createWorkflow(newsroomDeps),
    sections: createSectionAdmin(newsroomDeps),
  }

  const assets = options.assets ?? loadAssets(undefined, await buildClient())
  const site = createSiteService({ db: database.db, siteUrl: siteBase(config), headerTools: live.headerTools })
  installErrorHandling(app, siteErrorPages(site, assets, siteBase(config)))

  app.get('/healthz', { config: { policy: 'public' } }, async (_request, reply) => {
    const ok = await Promise.race([
      sql`select 1`.execute(database.db).then(() => true, () => false),
      new Promise<boolean>((resolve) => setTimeout(resolve, 2000, false).unref()),
    ])
    reply.header('cache-control', 'no-store')
    return reply.code(ok ? 200 : 503).send({ ok, database: ok ? 'up' : 'down' })
  })

  await app.register(adminApi, newsroom)
  await app.register(newsroomPages, { ctx: newsroom, assets })
  app.decorate('live', live)
  await app.register(liveModule, { live, site, assets, config })
  await app.register(siteModule, { site, assets })

  if (options.scheduler !== false) {
    const stop = startScheduler({ ...newsroomDeps, log })
    app.addHook('onClose', stop)
  }
  return app
}
