import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { AppError } from '../errors.ts'
import { CURSOR_PATTERN, decodeCursor } from '../web/format.ts'
import { html, type SafeHtml } from '../web/html.ts'
import type { PageResult, SiteService } from './site-service.ts'
import { versionComparePage, versionPage, versionsPage } from './templates/versions.ts'
import { articlePage, homePage, sectionPage } from './templates/pages.ts'
import { textPage, type PageContext } from '../web/pages.ts'
import type { Assets } from '../web/assets.ts'
import type { PageParts } from '../web/page-parts.ts'
import { acceptedEncoding } from '../http/encoding.ts'
import { RESERVED_SEGMENTS, SLUG_PATTERN, isSlug } from '../content/slug.ts'
import type { ListingService } from './listings.ts'
import { listingPage } from './templates/listings.ts'
import { appManifestRoutes } from './app-manifest.ts'
import { cachePage } from '../cache/http-cache.ts'
import { etagMatches } from '../http/conditional.ts'

export interface SiteRoutesOptions {
  site: SiteService
  /** Tag and author pages. */
  listings: ListingService
  assets: Assets
  pageAssets: PageContext
  /** Fragments other modules add to pages (toolbar, most read). */
  parts: PageParts
  /** Articles as IPTC ninjs (the syndication module), for `Accept: application/ninjs+json` and `….ninjs` URLs. */
  ninjs?: () => ((articleId: number) => Promise<unknown>) | undefined
}

const NINJS_TYPE = 'application/ninjs+json'
const NINJS_SUFFIX = '.ninjs'

const DATE_SEGMENT = /^\d{8}$/

const VersionNumber = Type.String({ pattern: '^[1-9]\\d{0,5}$', description: 'it must be a version number like 2' })
const ListingParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 120, description: 'a tag or author short name, as in its links, like north-korea' }),
})
const ListingQuery = Type.Object({
  before: Type.Optional(
    Type.String({ pattern: CURSOR_PATTERN, maxLength: 40, description: 'it must be a cursor taken from an "Older articles" link, like 1596598680000.42' }),
  ),
})
const SectionQuery = Type.Object({
  before: Type.Optional(
    Type.String({ pattern: CURSOR_PATTERN, maxLength: 40, description: 'it must be a cursor taken from an "Older articles" link, like 1596598680000.42' }),
  ),
  // comparing two published versions (…/versions/compare)
  from: Type.Optional(VersionNumber),
  to: Type.Optional(VersionNumber),
})

/** Sends a public page, cacheable (here and at a CDN) under the tags of what it shows, with when that last changed. */
function sendHtml(reply: FastifyReply, page: SafeHtml, tags: string[], lastModified?: Date) {
  return cachePage(reply.type('text/html; charset=utf-8'), tags, lastModified).send(page.value)
}

/** Public pages: home, sections, articles, static pages, and the hashed static assets. */
export async function siteRoutes(app: FastifyInstance, opts: SiteRoutesOptions) {
  const { site, assets, parts } = opts
  const base = opts.pageAssets
  const ctx = (request: FastifyRequest): PageContext => {
    const who = request.auth?.principal
    return who ? { ...base, viewer: { name: who.displayName, staff: who.kind === 'staff' } } : base
  }

  app.get('/', { config: { policy: 'public', cache: true }, schema: { querystring: Type.Object({}) } }, async (request, reply) => {
    const page = await site.home()
    return sendHtml(
      reply,
      homePage(page, ctx(request), { aside: await parts.homeAside?.({ editionId: page.editionId, edition: page.edition }) }),
      page.tags,
      page.lastModified,
    )
  })

  app.get('/about', { config: { policy: 'public', cache: true } }, async (request, reply) => {
    const chrome = await site.chrome()
    return sendHtml(
      reply,
      textPage(
        chrome,
        ctx(request),
        `About ${chrome.siteName}`,
        html`<p>${chrome.siteName} is a news site published with Dateline, open-source software for newsrooms.</p>
<p>Articles show the time they were published in GMT. Corrections are listed at the foot of the article they correct.</p>
<p>The demonstration articles on this site are fictional, written to show how Dateline works; the seed article is a capture of a wire-service page from December 2014.</p>`,
      ),
      ['static'],
    )
  })

  // a tag's articles and an author's, per edition (/ru/tag/… lists the Russian edition's)
  for (const kind of ['tag', 'author'] as const) {
    app.get<{ Params: { slug: string }; Querystring: { before?: string } }>(
      `/${kind}/:slug`,
      { config: { policy: 'public', cache: true }, schema: { params: ListingParams, querystring: ListingQuery } },
      async (request, reply) => {
        const { slug } = request.params
        if (!isSlug(slug, 120)) throw new AppError('NOT_FOUND')
        const before = request.query.before !== undefined ? decodeCursor(request.query.before) : undefined
        if (request.query.before !== undefined && !before) {
          throw new AppError('VALIDATION_FAILED', { message: 'Query parameter "before" is not valid: it must be a cursor taken from an "Older articles" link' })
        }
        const page = kind === 'tag' ? await opts.listings.tag(slug, before) : await opts.listings.author(slug, before)
        return sendHtml(reply, listingPage(page, ctx(request)), page.tags, page.lastModified)
      },
    )
  }

  // /community-standards belongs to the discussion module (editable, numbered sections).

  await app.register(appManifestRoutes, { assets, chrome: () => site.chrome() })

  app.get('/favicon.ico', { config: { policy: 'public' } }, async (request, reply) => {
    return reply.header('cache-control', 'public, max-age=86400').redirect(assets.url('favicon.svg'), 301)
  })

  app.get<{ Params: { '*': string } }>('/assets/*', { config: { policy: 'public' } }, async (request, reply) => {
    const asset = assets.byUrl.get(request.url.split('?')[0]!)
    if (!asset) throw new AppError('NOT_FOUND')
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', asset.etag).header('vary', 'accept-encoding').type(asset.type)
    if (etagMatches(request.headers['if-none-match'], asset.etag)) return reply.code(304).send()
    const enc = acceptedEncoding(request.headers['accept-encoding'])
    if (enc === 'br') return reply.header('content-encoding', 'br').send(asset.br)
    if (enc === 'gzip') return reply.header('content-encoding', 'gzip').send(asset.gzip)
    return reply.send(asset.body)
  })

  // Sections and articles share the path space: /{section}/[{child}/] and /{section path}/{yyyymmdd}/{slug}.
  const VERSION_NUMBER = /^[1-9]\d{0,5}$/
  async function versionRoutes(request: FastifyRequest, reply: FastifyReply, where: readonly [string, string, string], tail: string[]) {
    const send = (r: PageResult<{ tags: string[] }>, render: (page: never) => SafeHtml) =>
      r.kind === 'redirect' ? reply.redirect(r.location, 301) : sendHtml(reply, render(r.page as never), r.page.tags)
    if (tail.length === 0) return send(await site.versions(...where), (page) => versionsPage(page, ctx(request)))
    if (tail.length === 1 && VERSION_NUMBER.test(tail[0]!))
      return send(await site.version(...where, Number(tail[0])), (page) => versionPage(page, ctx(request)))
    if (tail.length === 1 && tail[0] === 'compare') {
      const q = request.query as Record<string, unknown>
      const from = String(q.from ?? '')
      const to = String(q.to ?? '')
      if (!VERSION_NUMBER.test(from) || !VERSION_NUMBER.test(to)) {
        throw new AppError('VALIDATION_FAILED', { message: 'Query parameters "from" and "to" must be version numbers, like ?from=1&to=2' })
      }
      return send(await site.compareVersions(...where, Number(from), Number(to)), (page) => versionComparePage(page, ctx(request)))
    }
    throw new AppError('NOT_FOUND')
  }

  app.get<{ Params: { '*': string }; Querystring: { before?: string } }>(
    '/*',
    { config: { policy: 'public', cache: true }, schema: { querystring: SectionQuery } },
    async (request: FastifyRequest<{ Params: { '*': string }; Querystring: { before?: string } }>, reply) => {
      let path = request.params['*']
      // an article as ninjs: …/{slug}.ninjs, or the article's own URL asked for with Accept
      const ninjsSuffix = path.endsWith(NINJS_SUFFIX)
      if (ninjsSuffix) path = path.slice(0, -NINJS_SUFFIX.length)
      const wantsNinjs = ninjsSuffix || (request.headers.accept ?? '').includes(NINJS_TYPE)
      const trailingSlash = path.endsWith('/')
      const segments = path.split('/').filter((s) => s !== '')
      if (segments.length === 0 || segments.length > 6 || !segments.every((s) => SLUG_PATTERN.test(s)) || RESERVED_SEGMENTS.has(segments[0]!)) {
        throw new AppError('NOT_FOUND')
      }

      const n = segments.length
      // the article's published record: …/{slug}/versions, …/versions/{n}, …/versions/compare?from=&to=
      const versionsAt = segments.lastIndexOf('versions')
      if (versionsAt >= 3 && DATE_SEGMENT.test(segments[versionsAt - 2]!) && versionsAt >= n - 2 && !trailingSlash) {
        const where = [segments.slice(0, versionsAt - 2).join('/'), segments[versionsAt - 2]!, segments[versionsAt - 1]!] as const
        const tail = segments.slice(versionsAt + 1)
        return versionRoutes(request, reply, where, tail)
      }
      const toNinjs = wantsNinjs ? opts.ninjs?.() : undefined
      if (ninjsSuffix && (!toNinjs || n < 3 || !DATE_SEGMENT.test(segments[n - 2]!) || trailingSlash)) throw new AppError('NOT_FOUND')
      if (toNinjs && n >= 3 && DATE_SEGMENT.test(segments[n - 2]!) && !trailingSlash) {
        const found = await site.articleAt(segments.slice(0, n - 2).join('/'), segments[n - 2]!, segments[n - 1]!, ninjsSuffix ? NINJS_SUFFIX : '')
        if (found.kind === 'redirect') return reply.redirect(found.location, 301)
        const item = await toNinjs(found.page.articleId)
        if (!item) throw new AppError('ARTICLE_NOT_FOUND')
        if (!ninjsSuffix) reply.header('vary', 'accept-encoding, accept')
        return cachePage(reply.type(`${NINJS_TYPE}; charset=utf-8`), found.page.tags).send(JSON.stringify(item))
      }
      if (n >= 3 && DATE_SEGMENT.test(segments[n - 2]!) && !trailingSlash) {
        reply.header('vary', 'accept-encoding, accept')
        const result = await site.article(segments.slice(0, n - 2).join('/'), segments[n - 2]!, segments[n - 1]!)
        if (result.kind === 'redirect') return reply.redirect(result.location, 301)
        const { article, editionId, edition } = result.page
        const partCtx = { editionId, edition, articleId: article.id, headline: article.headline, canonicalUrl: article.canonicalUrl, path: article.path }
        const who = request.auth?.via === 'session' && request.auth.csrfToken ? request.auth : undefined
        const reader = who ? { id: who.principal.id, name: who.principal.displayName, csrf: who.csrfToken! } : undefined
        const [toolbar, aside, discussion, live] = await Promise.all([
          parts.articleToolbar?.(partCtx),
          parts.articleAside?.(partCtx),
          parts.articleDiscussion?.({ ...partCtx, reader }),
          parts.articleLive?.(partCtx),
        ])
        // a live blog: its entries follow the body, and its JSON-LD says LiveBlogPosting
        const page = live ? { ...result.page, meta: { ...result.page.meta, jsonLd: { ...result.page.meta.jsonLd, ...live.structuredData } } } : result.page
        const tags = live ? [...result.page.tags, ...live.tags] : result.page.tags
        // Last-Modified: the article's last change (update, correction); a live blog changes with every entry, so it has none
        return sendHtml(
          reply,
          articlePage(page, ctx(request), { toolbar, aside, discussion, live: live?.html, head: live?.head }),
          tags,
          live ? undefined : page.meta.modified,
        )
      }
      if (!trailingSlash) {
        // /world → /world/ (only for sections that exist; anything else is a plain 404)
        const result = await site.section(segments.join('/'), undefined)
        return reply.redirect(result.kind === 'redirect' ? result.location : `/${segments.join('/')}/`, 301)
      }
      const before = request.query.before !== undefined ? decodeCursor(request.query.before) : undefined
      if (request.query.before !== undefined && !before) {
        throw new AppError('VALIDATION_FAILED', { message: 'Query parameter "before" is not valid: it must be a cursor taken from an "Older articles" link' })
      }
      const result = await site.section(segments.join('/'), before)
      if (result.kind === 'redirect') return reply.redirect(result.location, 301)
      const { editionId, edition, sectionIds, section } = result.page
      return sendHtml(
        reply,
        sectionPage(result.page, ctx(request), { aside: await parts.sectionAside?.({ editionId, edition, sectionIds, sectionName: section.name }) }),
        result.page.tags,
        result.page.lastModified,
      )
    },
  )
}
