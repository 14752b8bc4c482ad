import cluster from 'node:cluster'
import http from 'node:http'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import { requireStrictInput } from './http/strict-input.ts'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import swagger from '@fastify/swagger'
import type { Deps } from './deps.ts'
import { siteBase } from './config.ts'
import type { AppModule, Kit, ModuleFactory, ModuleParts } from './module.ts'
import { frameworkErrors, installErrorHandling } from './http/errors.ts'
import { installSecurityTxt } from './http/security-txt.ts'
import { requirePolicies } from './http/policy.ts'
import { lazySchemaController } from './http/lazy-schemas.ts'
import { StreamQuota } from './http/event-stream.ts'
import { createMemoryRateLimiter, type RateLimiter } from './http/rate-limit.ts'
import { createFastPath, installPageCache, sendCachedPage } from './cache/http-cache.ts'
import { createInvalidator, type CacheInvalidator } from './cache/invalidation.ts'
import { PageCache } from './cache/page-cache.ts'
import { createEditionContexts } from './content/edition-context.ts'
import { editionPrefix } from './web/edition-prefix.ts'
import { cookieName, installAuth, SESSION_COOKIE } from './accounts/auth-plugin.ts'
import { createAuthService } from './accounts/auth-service.ts'
import { createAccountMail } from './accounts/account-mail.ts'
import { installRequestAudit } from './accounts/request-audit.ts'
import { createMailer, type MailerOptions } from './mail/mailer.ts'
import { loadAssets, loadBuiltAssets, type Assets } from './web/assets.ts'
import { RUNNING_BUILT } from './paths.ts'
import { buildClient } from './web/client-build.ts'
import { createChromeService } from './web/chrome.ts'
import { errorPages } from './web/error-pages.ts'
import type { HtmlValue } from './web/html.ts'
import type { CounterOptions } from './counters/counter-service.ts'
import type { LiveOptions } from './live/live.ts'
import type { DiscussionOptions } from './discussion/module.ts'
import { accountsModule } from './accounts/module.ts'
import { countersModule } from './counters/module.ts'
import { discoveryModule } from './discovery/module.ts'
import { discussionModule } from './discussion/module.ts'
import { importersModule } from './importers/module.ts'
import { linksModule } from './links/module.ts'
import { mediaModule } from './media/module.ts'
import { liveBlogModule, type LiveBlogOptions } from './liveblog/module.ts'
import { alertsModule, type AlertsOptions } from './alerts/module.ts'
import { liveModule } from './live/module.ts'
import { newsroomModule } from './newsroom/module.ts'
import { siteModule } from './site/module.ts'
import { syndicationModule, type SyndicationOptions } from './syndication/module.ts'
import { openapiOptions } from './newsroom/openapi.ts'

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
  /** Syndication's background work (webhook deliveries, wire polling); tests turn it off and drive it. */
  syndication?: SyndicationOptions
  /** Live blogs' tuning (Redis channel prefix). */
  liveBlog?: LiveBlogOptions
  /** Breaking-news alerts' tuning (push service TLS trust, endpoint checks, retry timing). */
  alerts?: AlertsOptions
  /** Compile each route's schemas at its first request rather than at start (the server does; tests compile at once). */
  lazySchemas?: boolean
  /** Mail queue tuning (poll interval); tests shorten it. */
  mail?: MailerOptions
}

/**
 * sha256 of the <style> Turbo inserts for its progress bar, so CSP can allow exactly that
 * stylesheet (style-src stays 'self' otherwise). The live-radio browser test fails on a CSP
 * error if a Turbo upgrade changes it.
 */
export const TURBO_PROGRESS_BAR_STYLE = "'sha256-WAyOw4V+FqDc35lQPyRADLBWbuNK8ahvYEaQIYF1+Ps='"

/** The browser features refused to every page (cached pages keep the header). */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'serial=()',
  'usb=()',
  'browsing-topics=()',
].join(', ')

/** Builds the Fastify app from its dependencies; it does not listen (main.ts does). */
export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { config, database, log } = deps
  const now = () => deps.clock.now()
  const editions = createEditionContexts({ db: database.db, now })
  const pageCache =
    options.pageCache ?? new PageCache({ maxBytes: Math.max(1, config.pageCacheMb) * 1024 * 1024, onBrotliError: (err) => log.warn({ err }, 'brotli failed') })
  const cacheOptions = { cache: pageCache, sessionCookie: cookieName(config, SESSION_COOKIE), maxAgeMs: config.pageCacheTtlSeconds * 1000 }
  const servedBy = cluster.isWorker ? { 'x-served-by': `worker-${cluster.worker!.id}` } : undefined
  const fastPath = config.pageCacheMb > 0 ? createFastPath({ ...cacheOptions, ...(servedBy ? { extraHeaders: servedBy } : {}) }) : undefined
  const app = Fastify({
    // cache hits are answered by the server itself, before Fastify does any work (see http-cache.ts)
    serverFactory: (handler) => {
      const server = http.createServer((req, res) => {
        if (fastPath?.(req, res)) return
        // the request's edition (its URL prefix, /ru/…) is known to everything that serves it
        editions.run(editionPrefix(editions.prefixes(), req.url)?.code, () => handler(req, res))
      })
      server.keepAliveTimeout = 72_000 // longer than load balancers' idle timeouts
      server.headersTimeout = 20_000
      server.requestTimeout = 60_000 // slow clients cannot hold connections open forever
      return server
    },
    loggerInstance: log as FastifyBaseLogger,
    // a hop count becomes a function: trust that many proxies nearest to us
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    bodyLimit: 1_048_576,
    routerOptions: { maxParamLength: 500, ignoreDuplicateSlashes: false },
    requestIdHeader: 'x-request-id',
    frameworkErrors,
    // /ru/world/ is served by the same routes as /world/, for the edition the prefix names
    rewriteUrl: (req) => editionPrefix(editions.prefixes(), req.url)?.rest ?? req.url ?? '/',
    ...(options.lazySchemas ? { schemaController: lazySchemaController() } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>()

  requirePolicies(app)
  // A Location built from a Unicode slug or path is sent percent-encoded (HTTP headers are ASCII;
  // Node refuses anything else with a 500). Registered first, so cached redirects are stored encoded.
  app.addHook('onSend', (_request, reply, payload, done) => {
    const location = reply.getHeader('location')
    if (typeof location === 'string' && /[^\x21-\x7e]/.test(location)) reply.header('location', asciiLocation(location))
    done(null, payload)
  })
  // requests injected without the HTTP server (tests, the admin socket) learn their edition here
  app.addHook('onRequest', (request, _reply, done) => {
    const code = editionPrefix(editions.prefixes(), request.originalUrl)?.code
    if (editions.current() !== code) editions.enter(code)
    done()
  })
  requireStrictInput(app)
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

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", TURBO_PROGRESS_BAR_STYLE],
        imgSrc: ["'self'", 'https:', 'data:'],
        mediaSrc: ["'self'", 'https:', 'http:', 'blob:'],
        // Same-origin for now-playing events; HLS stream origins for hls.js (from station config).
        connectSrc: ["'self'", () => services.live?.cspConnectSources().join(' ') ?? ''],
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
  // powerful browser features no page of the site uses, refused to every page and anything it embeds
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY)
    done()
  })
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 1_048_576 })
  await app.register(swagger, openapiOptions(config))

  const limiter = options.limiter ?? createMemoryRateLimiter()
  // account mail: queued in the database, sent over SMTP by whichever node claims it
  const mailer = createMailer({ db: database.db, config, log, now }, options.mail)
  app.addHook('onReady', async () => mailer.start())
  app.addHook('onClose', () => mailer.stop())
  const accountMail = createAccountMail({ mailer, editions, siteUrl: siteBase(config) })
  const auth = createAuthService({
    db: database.db,
    limiter,
    now,
    adminTwoFactor: config.adminTwoFactor,
    onNewDevice: (account, d) => accountMail.newDevice(account, d),
  })
  installAuth(app, { auth, config })
  installRequestAudit(app, { db: database.db, now, log })

  // the build's hashed, precompressed assets; under tsx (tests, npm run dev) bundled in memory
  const assets = options.assets ?? (RUNNING_BUILT ? loadBuiltAssets() : loadAssets(undefined, await buildClient()))
  const siteUrl = siteBase(config)
  const pageAssets = { css: assets.url('site.css'), icon: assets.url('favicon.svg'), script: assets.url('build/site.js') }
  const newsroomAssets = { css: assets.url('newsroom.css'), icon: assets.url('favicon.svg'), script: assets.url('build/newsroom.js') }
  const parts: ModuleParts = {}
  const services: Kit['services'] = {}
  const chrome = createChromeService({ editions, siteUrl, headerTools: () => parts.headerTools })
  installErrorHandling(app, errorPages(chrome, pageAssets, siteUrl), (request, reply) =>
    request.stalePage ? sendCachedPage(request, reply, request.stalePage, 'STALE') : undefined,
  )
  const invalidator = await createInvalidator({
    database,
    cache: pageCache,
    events: deps.events,
    log,
    cdnPurgeUrl: config.cdnPurgeUrl,
    cdnPurgeToken: config.cdnPurgeToken,
  })
  app.addHook('onClose', () => invalidator.close())
  app.addHook('onReady', () => invalidator.ready)
  invalidator.onInvalidate((tags) => {
    if (tags.includes('*')) {
      editions.clear()
      void editions.refreshPrefixes().catch((err) => log.warn({ err }, 'could not read the editions'))
    }
  })
  // the URL prefixes of the editions, read before the first request
  app.addHook('onReady', () => editions.refreshPrefixes())
  app.decorate('pageCache', pageCache)
  app.decorate('streamQuota', new StreamQuota(config.streamsPerAddress))
  app.decorate('invalidator', invalidator)

  // a database that stops answering within DATABASE_DEADLINE_MS (see db/deadline.ts) is news for the operator
  const offDeadline = database.deadline?.onChange((unresponsive) =>
    unresponsive
      ? log.error({ deadlineMs: config.databaseDeadlineMs }, 'the database did not answer within the deadline: answering 503 (or stale pages) until it does')
      : log.warn('the database answers again'),
  )
  if (offDeadline) app.addHook('onClose', async () => void offDeadline())
  app.get('/healthz', { config: { policy: 'public' } }, async (_request, reply) => {
    const ok = await Promise.race([
      sql`select 1`.execute(database.db).then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(resolve, 2000, false).unref()),
    ])
    reply.header('cache-control', 'no-store')
    return reply.code(ok ? 200 : 503).send({ ok, database: ok ? 'up' : 'down' })
  })

  installSecurityTxt(app, { config, now })

  const kit: Kit = {
    ...deps,
    db: database.db,
    now,
    siteUrl,
    auth,
    limiter,
    mailer,
    accountMail,
    assets,
    pageAssets,
    newsroomAssets,
    pageCache,
    invalidator,
    editions,
    chrome,
    parts,
    services,
  }
  // The product's parts, in the order their routes and page parts are registered.
  const factories: ModuleFactory[] = [
    accountsModule,
    liveModule(options.live),
    mediaModule,
    discoveryModule,
    newsroomModule({ scheduler: options.scheduler }),
    countersModule(options.counters),
    linksModule,
    discussionModule(options.discussion),
    syndicationModule(options.syndication),
    importersModule,
    liveBlogModule(options.liveBlog),
    alertsModule(options.alerts),
    siteModule,
  ]
  const modules: AppModule[] = []
  for (const factory of factories) modules.push(await factory(kit))
  Object.assign(services, ...modules.map((m) => m.services ?? {}))
  Object.assign(parts, mergeParts(modules.map((m) => m.parts ?? {})))
  for (const m of modules) {
    for (const [name, value] of Object.entries(m.decorations ?? {})) app.decorate(name, value)
    for (const [event, handler] of Object.entries(m.events ?? {})) deps.events.on(event as never, handler as never)
    if (m.onInvalidate) invalidator.onInvalidate(m.onInvalidate)
    if (m.onReady) app.addHook('onReady', m.onReady)
    if (m.preClose) app.addHook('preClose', m.preClose)
    if (m.close) app.addHook('onClose', m.close)
    if (m.routes) await app.register(m.routes)
  }
  return app
}

/** Every module's page parts as one: where several fill the same place, their fragments follow each other. */
function mergeParts(all: ModuleParts[]): ModuleParts {
  const merged: Record<string, unknown> = {}
  const names = new Set(all.flatMap((p) => Object.keys(p)))
  for (const name of names) {
    const fns = all.map((p) => p[name as keyof ModuleParts] as ((ctx: unknown) => Promise<HtmlValue>) | undefined).filter((f) => f !== undefined)
    merged[name] = fns.length === 1 ? fns[0] : async (ctx: unknown) => (await Promise.all(fns.map((f) => f(ctx)))) as HtmlValue
  }
  return merged as ModuleParts
}

/** Percent-encodes what is not printable ASCII in a URL (UTF-8 bytes; a lone surrogate becomes U+FFFD). */
export function asciiLocation(location: string): string {
  return location.replace(/[^\x21-\x7e]+/g, (run) => [...Buffer.from(run, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))
}
