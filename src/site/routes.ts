import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { AppError } from '../errors.ts'
import { CURSOR_PATTERN, decodeCursor } from './format.ts'
import { html, type SafeHtml } from './html.ts'
import type { SiteService } from './site-service.ts'
import { articlePage, errorPage, homePage, sectionPage, textPage, type PageContext } from './templates/pages.ts'
import type { Assets } from './assets.ts'
import type { PageParts } from './page-parts.ts'
import { acceptedEncoding } from '../http/encoding.ts'
import { RESERVED_SEGMENTS } from '../content/slug.ts'
import { cachePage } from '../cache/http-cache.ts'

export interface SiteModuleOptions {
  site: SiteService
  assets: Assets
  /** Fragments other modules add to pages (toolbar, most read). */
  parts?: PageParts
}

const SEGMENT = /^[a-z0-9]+(-[a-z0-9]+)*$/

const DATE_SEGMENT = /^\d{8}$/

const SectionQuery = Type.Object({
  before: Type.Optional(
    Type.String({ pattern: CURSOR_PATTERN, maxLength: 40, description: 'it must be a cursor taken from an "Older articles" link, like 1596598680000.42' }),
  ),
})

/** Sends a public page, cacheable (here and at a CDN) under the tags of what it shows. */
function sendHtml(reply: FastifyReply, page: SafeHtml, tags: string[]) {
  return cachePage(reply.type('text/html; charset=utf-8'), tags).send(page.value)
}

/** Public pages: home, sections, articles, static pages, and the hashed static assets. */
export async function siteModule(app: FastifyInstance, opts: SiteModuleOptions) {
  const { site, assets } = opts
  const parts = opts.parts ?? {}
  const base: PageContext = { css: assets.url('site.css'), icon: assets.url('favicon.svg'), script: assets.url('build/site.js') }
  const ctx = (request: FastifyRequest): PageContext => {
    const who = request.auth?.principal
    return who ? { ...base, viewer: { name: who.displayName, staff: who.kind === 'staff' } } : base
  }

  app.get('/', { config: { policy: 'public', cache: true }, schema: { querystring: Type.Object({}) } }, async (request, reply) => {
    const page = await site.home()
    return sendHtml(reply, homePage(page, ctx(request), { aside: await parts.homeAside?.({ editionId: page.editionId }) }), page.tags)
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

  // /community-standards belongs to the discussion module (editable, numbered sections).

  app.get('/favicon.ico', { config: { policy: 'public' } }, async (request, reply) => {
    return reply.header('cache-control', 'public, max-age=86400').redirect(assets.url('favicon.svg'), 301)
  })

  app.get<{ Params: { '*': string } }>('/assets/*', { config: { policy: 'public' } }, async (request, reply) => {
    const asset = assets.byUrl.get(request.url.split('?')[0]!)
    if (!asset) throw new AppError('NOT_FOUND')
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', asset.etag).header('vary', 'accept-encoding').type(asset.type)
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send()
    const enc = acceptedEncoding(request.headers['accept-encoding'])
    if (enc === 'br') return reply.header('content-encoding', 'br').send(asset.br)
    if (enc === 'gzip') return reply.header('content-encoding', 'gzip').send(asset.gzip)
    return reply.send(asset.body)
  })

  // Sections and articles share the path space: /{section}/[{child}/] and /{section path}/{yyyymmdd}/{slug}.
  app.get<{ Params: { '*': string }; Querystring: { before?: string } }>(
    '/*',
    { config: { policy: 'public', cache: true }, schema: { querystring: SectionQuery } },
    async (request: FastifyRequest<{ Params: { '*': string }; Querystring: { before?: string } }>, reply) => {
      const path = request.params['*']
      const trailingSlash = path.endsWith('/')
      const segments = path.split('/').filter((s) => s !== '')
      if (segments.length === 0 || segments.length > 6 || !segments.every((s) => SEGMENT.test(s)) || RESERVED_SEGMENTS.has(segments[0]!)) {
        throw new AppError('NOT_FOUND')
      }

      const n = segments.length
      if (n >= 3 && DATE_SEGMENT.test(segments[n - 2]!) && !trailingSlash) {
        const result = await site.article(segments.slice(0, n - 2).join('/'), segments[n - 2]!, segments[n - 1]!)
        if (result.kind === 'redirect') return reply.redirect(result.location, 301)
        const { article, editionId } = result.page
        const partCtx = { editionId, articleId: article.id, headline: article.headline, canonicalUrl: article.canonicalUrl, path: article.path }
        const who = request.auth?.via === 'session' && request.auth.csrfToken ? request.auth : undefined
        const reader = who ? { id: who.principal.id, name: who.principal.displayName, csrf: who.csrfToken! } : undefined
        const [toolbar, aside, discussion] = await Promise.all([parts.articleToolbar?.(partCtx), parts.articleAside?.(partCtx), parts.articleDiscussion?.({ ...partCtx, reader })])
        return sendHtml(reply, articlePage(result.page, ctx(request), { toolbar, aside, discussion }), result.page.tags)
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
      const { editionId, sectionIds, section } = result.page
      return sendHtml(reply, sectionPage(result.page, ctx(request), { aside: await parts.sectionAside?.({ editionId, sectionIds, sectionName: section.name }) }), result.page.tags)
    },
  )
}

const TITLES: Record<number, string> = {
  400: 'That request was not understood',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  405: 'Not allowed',
  410: 'Link expired',
  413: 'Too large',
  422: 'Not published',
  429: 'Too many requests',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
}

/** Renders error pages with the site's chrome, falling back to a bare frame if the database is down. */
export function siteErrorPages(site: SiteService, assets: Assets, siteUrl: string) {
  const pageAssets: PageContext = { css: assets.url('site.css'), icon: assets.url('favicon.svg'), script: assets.url('build/site.js') }
  return async (_request: FastifyRequest, e: { status: number; message: string; code: string }) => {
    const chrome = await site.chrome().catch(() => ({ siteName: 'Dateline', siteUrl, nav: [], lang: 'en' }))
    const message = e.code === 'NOT_FOUND' || e.code === 'ARTICLE_NOT_FOUND' || e.code === 'SECTION_NOT_FOUND' || e.code === 'LINK_NOT_FOUND' ? notFoundMessage(e.code) : e.message
    return errorPage(chrome, pageAssets, { status: e.status, title: TITLES[e.status] ?? 'Error', message }).value
  }
}

function notFoundMessage(code: string): string {
  if (code === 'ARTICLE_NOT_FOUND') return 'We could not find that article. It may have moved or been unpublished. Try the front page or the section it was in.'
  if (code === 'LINK_NOT_FOUND') return 'There is no short link at this address. Check that it was copied whole, or start again from the front page.'
  if (code === 'SECTION_NOT_FOUND') return 'There is no section at this address. The sections are listed at the top of every page.'
  return 'There is nothing at this address. Check the link, or start again from the front page.'
}
