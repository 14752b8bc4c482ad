import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { AuthService } from './accounts/auth-service.ts'
import type { AccountMail } from './accounts/account-mail.ts'
import type { Mailer } from './mail/mailer.ts'
import type { CacheInvalidator } from './cache/invalidation.ts'
import type { PageCache } from './cache/page-cache.ts'
import type { EditionContexts } from './content/edition-context.ts'
import type { DB } from './db/schema.ts'
import type { Deps } from './deps.ts'
import type { DomainEvents, EventName } from './events.ts'
import type { RateLimiter } from './http/rate-limit.ts'
import type { Assets } from './web/assets.ts'
import type { ChromeService, HeaderTools } from './web/chrome.ts'
import type { NewsroomAssets } from './web/newsroom-layout.ts'
import type { PageParts } from './web/page-parts.ts'
import type { SiteAssets } from './web/pages.ts'

/**
 * Services one module offers the others, looked up at request time through `kit.services`.
 * Each module declares what it adds here (declaration merging in its module.ts), so modules
 * reach each other through this registry and never import each other's files.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services {}

/** Fragments a module adds to public pages: the page parts, plus the header's tools. */
export interface ModuleParts extends PageParts {
  headerTools?: HeaderTools
}

/** What the composition root builds once and every module is given. */
export interface Kit extends Deps {
  db: Kysely<DB>
  now: () => Date
  /** The site's public base URL without a trailing slash. */
  siteUrl: string
  auth: AuthService
  limiter: RateLimiter
  /** Outgoing mail (queued, retried; logged as not sent without SMTP_URL). */
  mailer: Mailer
  /** The mail accounts send (verification, reset links, new-device notices), in the edition's language. */
  accountMail: AccountMail
  assets: Assets
  /** Asset URLs of public pages and of newsroom pages. */
  pageAssets: SiteAssets
  newsroomAssets: NewsroomAssets
  pageCache: PageCache
  invalidator: CacheInvalidator
  /** Every edition's context (edition and section tree), cached. */
  editions: EditionContexts
  /** The frame of public pages (name, navigation, header tools). */
  chrome: ChromeService
  /** Every module's page parts, merged; complete before the first request. */
  parts: ModuleParts
  /** Every module's services; complete before the first request. */
  services: Partial<Services>
}

type EventHandlers = { [K in EventName]?: (payload: DomainEvents[K]) => void | Promise<void> }

/**
 * A feature module: its routes, the page parts and services it offers, the domain events it
 * handles and how it reacts to cache invalidation. Each feature folder's module.ts exports one
 * `ModuleFactory`; app.ts lists them.
 */
export interface AppModule {
  name: string
  /** Registers the module's routes (an encapsulated Fastify plugin). */
  routes?(app: FastifyInstance): Promise<void>
  parts?: ModuleParts
  services?: Partial<Services>
  /** Domain events this module handles. */
  events?: EventHandlers
  /** Tags invalidated on any node (local caches derived from them are dropped here). */
  onInvalidate?(tags: string[]): void
  /** Values tests and benchmarks reach through the app instance (app.counters, app.live). */
  decorations?: Record<string, unknown>
  /** Runs once the app is ready (before it listens). */
  onReady?(): Promise<void>
  /** Runs before the server stops accepting connections (open event streams end here). */
  preClose?(): Promise<void>
  close?(): Promise<void>
}

export type ModuleFactory = (kit: Kit) => AppModule | Promise<AppModule>
