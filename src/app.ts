import cluster from 'node:cluster'
import http from 'node:http'
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
import type { CounterOptions } from './counters/counter-service.ts'
import { registerLinksAndCounters } from './links/register.ts'
import swagger from '@fastify/swagger'
import { installAuth, SESSION_COOKIE } from './accounts/auth-plugin.ts'
import { createFastPath, installPageCache, sendCachedPage } from './cache/http-cache.ts'
import { StreamQuota } from './http/event-stream.ts'
import { createInvalidator, type CacheInvalidator } from './cache/invalidation.ts'
import { PageCache } from './cache/page-cache.ts'
import { createAuthService } from './accounts/auth-service.ts'
import { createStaffService } from './accounts/staff-service.ts'
import { createMemoryRateLimiter, type RateLimiter } from './http/rate-limit.ts'
import { adminApi } from './newsroom/api-routes.ts'
import { openapiOptions } from './newsroom/openapi.ts'
import { createArticleService } from './newsroom/article-service.ts'
import type { NewsroomContext } from './newsroom/context.ts'
import { newsroomPages } from './newsroom/page-routes.ts'
import { createSectionAdmin } from './newsroom/section-admin.ts'
import { createWorkflow, startScheduler } from './newsroom/workflow.ts'
import { createLive, type LiveOptions } from './live/live.ts'
import { liveModule } from './live/routes.ts'
import { createDiscovery } from './discovery/discovery.ts'
import { discoveryModule } from './discovery/routes.ts'
import { registerDiscussion, type DiscussionOptions } from './discussion/register.ts'

declare module 'fastify' {
  interface FastifyInstance {
    pageCache: PageCache
    invalidator: CacheInvalidator
  }
}

export interface BuildOptions {
  /** Static assets; loaded from public/ when not given. */
  assets?: Assets
  /** Counter tuning (flush interval, view window, Redis key prefix); tests and benchmarks set it. */
  counters?: Partial<CounterOptions>
  /** Run the scheduled-publishing loop (default true; tests call publishDue themselves). */
  scheduler?: boolean
  /** Rate limiter for sign-in and posting (default: in-process). */
  limiter?: RateLimiter
  /** The page cache (default: a new one sized by PAGE_CACHE_MB). */
  pageCache?: PageCache
  /** Live radio's poll interval and status timeout (tests shorten them). */
  live?: LiveOptions
  /** Live discussion tuning (Redis channel prefix); tests and benchmarks set it. */
  discussion?: DiscussionOptions
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
  const pageCache = options.pageCache ?? new PageCache({ maxBytes: Math.max(1, config.pageCacheMb) * 1024 * 1024, onBrotliError: (err) => log.warn({ err }, 'brotli failed') })
  const cacheOptions = { cache: pageCache, sessionCookie: SESSION_COOKIE, maxAgeMs: config.pageCacheTtlSeconds * 1000 }
  const servedBy = cluster.isWorker ? { 'x-served-by': `worker-${cluster.worker!.id}` } : undefined
  const fastPath = config.pageCacheMb > 0 ? createFastPath({ ...cacheOptions, ...(servedBy ? { extraHeaders: servedBy } : {}) }) : undefined
  const app = Fastify({
    // cache hits are answered by the server itself, before Fastify does any work (see http-cache.ts)
    serverFactory: (handler) => {
      const server = http.createServer((req, res) => {
        if (!fastPath?.(req, res)) handler(req, res)
      })
      server.keepAliveTimeout = 72_000 // longer than load balancers' idle timeouts
      server.headersTimeout = 20_000
      server.requestTimeout = 60_000 // slow clients cannot hold connections open forever
      return server
    },
    loggerInstance: log as FastifyBaseLogger,
    // a hop count becomes a function: trust that many proxies nearest to us
    trustProxy: typeof config.trustProxy === 'number' ? ((hops: number) => (_address: string, hop: number) => hop < hops)(config.trustProxy) : config.trustProxy,
    bodyLimit: 1_048_576,
    routerOptions: { maxParamLength: 500, ignoreDuplicateSlashes: false },
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<TypeBoxTypeProvider>()

  requirePolicies(app)
  if (servedBy) {
    // which worker answered: for operators reading responses behind a load balancer or CDN
    app.addHook('onRequest', (_request, reply, done) => {
      reply.header('x-served-by', servedBy['x-served-by'])
      done()
    })
  }
  // First hook of all (for what the fast path did not answer): hits, stale copies, storing misses.
  if (config.pageCacheMb > 0) installPageCache(app, cacheOptions)
  else app.decorateRequest('stalePage', null)
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
    // Headers for browsers gone from the web (IE8's download prompt, Flash's cross-domain policy,
    // the removed XSS auditor): every page, cached ones too, pays for each header on the wire.
    xXssProtection: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
  })
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 1_048_576 })
  await app.register(swagger, openapiOptions(config))

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
  const discovery = createDiscovery(deps)
  const site = createSiteService({ db: database.db, siteUrl: siteBase(config), related: discovery.related, headerTools: live.headerTools })
  installErrorHandling(app, siteErrorPages(site, assets, siteBase(config)), (request, reply) =>
    request.stalePage ? sendCachedPage(request, reply, request.stalePage, 'STALE') : undefined,
  )
  const invalidator = await createInvalidator({ database, cache: pageCache, events: deps.events, log, cdnPurgeUrl: config.cdnPurgeUrl, cdnPurgeToken: config.cdnPurgeToken })
  app.addHook('onClose', () => invalidator.close())
  // what other nodes invalidate also clears this node's related-articles lists
  invalidator.onInvalidate((tags) => {
    discovery.related.clear()
    if (tags.includes('*')) site.clearContext()
    // a station changed on some node: every node re-reads stations (header button, CSP origins)
    if (tags.includes('stations')) live.stationsChanged()
  })
  app.decorate('pageCache', pageCache)
  app.decorate('streamQuota', new StreamQuota(config.streamsPerAddress))
  app.decorate('invalidator', invalidator)

  app.get('/healthz', { config: { policy: 'public' } }, async (_request, reply) => {
    const ok = await Promise.race([
      sql`select 1`.execute(database.db).then(() => true, () => false),
      new Promise<boolean>((resolve) => setTimeout(resolve, 2000, false).unref()),
    ])
    reply.header('cache-control', 'no-store')
    return reply.code(ok ? 200 : 503).send({ ok, database: ok ? 'up' : 'down' })
  })

  await app.register(discoveryModule, { discovery, site, assets, siteUrl: siteBase(config) })
  await app.register(adminApi, newsroom)
  await app.register(newsroomPages, { ctx: newsroom, assets })
  app.decorate('live', live)
  await app.register(liveModule, { live, site, assets, config })
  const parts = await registerLinksAndCounters(app, deps, { site, assets, counters: options.counters })
  const discussion = await registerDiscussion(app, deps, { site, assets, auth, limiter, invalidate: (tags) => invalidator.invalidate(tags), options: options.discussion })
  await app.register(siteModule, { site, assets, parts: { ...parts, ...discussion } })

  if (options.scheduler !== false) {
    const stop = startScheduler({ ...newsroomDeps, log })
    app.addHook('onClose', stop)
  }
  return app
}
