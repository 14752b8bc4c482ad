import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type, type Static } from 'typebox'
import { createXml as create } from '../web/xml.ts'
import type { Services } from '../module.ts'
import type { EditionContexts } from '../content/edition-context.ts'
import type { ChromeService } from '../web/chrome.ts'
import type { PageContext } from '../web/pages.ts'
import { AppError } from '../errors.ts'
import { isNotModified } from '../http/conditional.ts'
import type { Discovery } from './discovery.ts'
import { oembedFor, oembedXml } from './oembed.ts'
import { searchRoutes } from './search-routes.ts'
import { MONTH_FILE } from './sitemaps.ts'
import { feedsPage } from './templates/feeds-page.ts'
import type { PageAssets } from './templates/search-page.ts'

export interface DiscoveryRoutesOptions {
  discovery: Discovery
  chrome: ChromeService
  /** The site module's article pages (oEmbed describes them); looked up per request. */
  site: () => Services['site'] | undefined
  pageAssets: PageContext
  siteUrl: string
  editions: EditionContexts
}

const XML = 'application/xml; charset=utf-8'
const CRAWLER_CACHE = 'public, max-age=300, stale-while-revalidate=600'

const OEmbedQuery = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000, description: 'it must be the full address of an article on this site' }),
  // any word: one other than json or xml is answered 501, as the oEmbed spec (2.3.4) says, not 400
  format: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.+-]{1,40}$', description: 'json or xml' })),
  maxwidth: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: 'it must be a width in pixels' })),
  maxheight: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: 'it must be a height in pixels' })),
})

const SitemapParams = Type.Object({
  file: Type.String({ pattern: '^[a-z0-9-]{1,40}\\.xml$', description: 'it must be a sitemap file name from /sitemap.xml' }),
})

/** Search, feeds, sitemaps, robots.txt, oEmbed and OpenSearch. */
export async function discoveryRoutes(app: FastifyInstance, opts: DiscoveryRoutesOptions) {
  const { discovery, chrome, siteUrl } = opts
  const { feeds, sitemaps } = discovery
  const pageAssets: PageAssets = opts.pageAssets

  await app.register(searchRoutes, { search: discovery.search, chrome, assets: pageAssets })

  const html = (reply: FastifyReply, body: string) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=0, must-revalidate').send(body)

  // under the edition's prefix: /ru/feeds → /ru/feeds/
  app.get('/feeds', { config: { policy: 'public' } }, async (_request, reply) => reply.redirect(`${(await chrome.forPage()).prefix}/feeds/`, 301))

  app.get<{ Params: { '*': string } }>('/feeds/*', { config: { policy: 'public' } }, async (request, reply) => {
    const rest = request.params['*']
    if (rest === '') {
      const [frame, view] = await Promise.all([chrome.forPage(), feeds.index()])
      return html(reply, feedsPage(frame, pageAssets, view).value)
    }
    const feed = await feeds.get(rest)
    const links = [`<${feed.selfUrl}>; rel="self"`, ...(discovery.hub ? [`<${discovery.hub}>; rel="hub"`] : [])]
    reply
      .header('etag', feed.etag)
      .header('last-modified', feed.lastModified.toUTCString())
      .header('cache-control', 'public, max-age=60, stale-while-revalidate=300')
      .header('link', links.join(', '))
      .header('x-content-type-options', 'nosniff')
    if (isNotModified(request.headers, feed.etag, feed.lastModified)) return reply.code(304).send()
    return reply.type(feed.type).send(feed.body)
  })

  app.get('/robots.txt', { config: { policy: 'public' } }, async (_request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(await sitemaps.robots()),
  )

  app.get('/sitemap.xml', { config: { policy: 'public' } }, async (_request, reply) =>
    reply
      .type(XML)
      .header('cache-control', CRAWLER_CACHE)
      .send(await sitemaps.index()),
  )

  app.get<{ Params: Static<typeof SitemapParams> }>(
    '/sitemaps/:file',
    { config: { policy: 'public' }, schema: { params: SitemapParams } },
    async (request, reply) => {
      const { file } = request.params
      reply.type(XML).header('cache-control', CRAWLER_CACHE)
      if (file === 'sections.xml') return reply.send(await sitemaps.sections())
      if (file === 'news.xml') return reply.header('cache-control', 'public, max-age=60').send(await sitemaps.news())
      if (MONTH_FILE.test(file)) return reply.send(await sitemaps.month(file))
      return reply.callNotFound()
    },
  )

  app.get<{ Querystring: Static<typeof OEmbedQuery> }>(
    '/api/content/oembed',
    { config: { policy: 'public' }, schema: { querystring: OEmbedQuery } },
    async (request, reply) => {
      const site = opts.site()
      if (!site) throw new AppError('NOT_FOUND')
      const { format } = request.query
      if (format !== undefined && format !== 'json' && format !== 'xml') throw new AppError('FORMAT_NOT_IMPLEMENTED')
      const o = await oembedFor(site, opts.editions, siteUrl, request.query)
      reply.header('cache-control', 'public, max-age=3600').header('access-control-allow-origin', '*')
      if (request.query.format === 'xml') return reply.type('text/xml; charset=utf-8').send(oembedXml(o))
      return reply.type('application/json; charset=utf-8').send(o)
    },
  )

  app.get('/opensearch.xml', { config: { policy: 'public' } }, async (_request, reply) => {
    const { siteName, prefix } = await chrome.forPage()
    const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele('http://a9.com/-/spec/opensearch/1.1/', 'OpenSearchDescription')
    doc.ele('ShortName').txt(siteName.slice(0, 16))
    doc.ele('Description').txt(`Search ${siteName}`)
    doc.ele('InputEncoding').txt('UTF-8')
    doc.ele('Url', { type: 'text/html', method: 'get', template: `${siteUrl}${prefix}/search?q={searchTerms}` })
    doc.ele('Url', { type: 'application/json', method: 'get', template: `${siteUrl}${prefix}/api/content/search?q={searchTerms}` })
    return reply
      .type('application/opensearchdescription+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(doc.end({ prettyPrint: true }))
  })
}
