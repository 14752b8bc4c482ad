import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type, type Static } from 'typebox'
import { create } from 'xmlbuilder2'
import type { Assets } from '../site/assets.ts'
import type { SiteService } from '../site/site-service.ts'
import { isNotModified } from './conditional.ts'
import type { Discovery } from './discovery.ts'
import { oembedFor, oembedXml } from './oembed.ts'
import { searchRoutes } from './search-routes.ts'
import { MONTH_FILE } from './sitemaps.ts'
import { feedsPage } from './templates/feeds-page.ts'
import type { PageAssets } from './templates/search-page.ts'

export interface DiscoveryModuleOptions {
  discovery: Discovery
  site: SiteService
  assets: Assets
  siteUrl: string
}

const XML = 'application/xml; charset=utf-8'
const CRAWLER_CACHE = 'public, max-age=300, stale-while-revalidate=600'

const OEmbedQuery = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000, description: 'it must be the full address of an article on this site' }),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xml')], { description: 'it must be json or xml' })),
  maxwidth: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: 'it must be a width in pixels' })),
  maxheight: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: 'it must be a height in pixels' })),
})

const SitemapParams = Type.Object({ file: Type.String({ pattern: '^[a-z0-9-]{1,40}\\.xml$', description: 'it must be a sitemap file name from /sitemap.xml' }) })

/** Search, feeds, sitemaps, robots.txt, oEmbed and OpenSearch. */
export async function discoveryModule(app: FastifyInstance, opts: DiscoveryModuleOptions) {
  const { discovery, site, assets, siteUrl } = opts
  const { feeds, sitemaps } = discovery
  const pageAssets: PageAssets = { css: assets.url('site.css'), icon: assets.url('favicon.svg'), script: assets.url('build/site.js') }
  app.addHook('onClose', async () => discovery.close())

  await app.register(searchRoutes, { search: discovery.search, site, assets: pageAssets })

  const html = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=0, must-revalidate').send(body)

  app.get('/feeds', { config: { policy: 'public' } }, async (_request, reply) => reply.redirect('/feeds/', 301))

  app.get<{ Params: { '*': string } }>('/feeds/*', { config: { policy: 'public' } }, async (request, reply) => {
    const rest = request.params['*']
    if (rest === '') {
      const [chrome, view] = await Promise.all([site.chrome(), feeds.index()])
      return html(reply, feedsPage(chrome, pageAssets, view).value)
    }
    const feed = await feeds.get(rest)
    const links = [`<${feed.selfUrl}>; rel="self"`, ...(discovery.hub ? [`<${discovery.hub}>; rel="hub"`] : [])]
    reply
      .header('etag', feed.etag)
      .header('last-modified', feed.lastModified.toUTCString())
      .header('cache-control', 'public, max-age=60, stale-while-revalidate=300')
      .header('link', links.join(', '))
      .header('x-content-type-options', 'nosniff')
    if (isNotModified(request, feed.etag, feed.lastModified)) return reply.code(304).send()
    return reply.type(feed.type).send(feed.body)
  })

  app.get('/robots.txt', { config: { policy: 'public' } }, async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(sitemaps.robots()))

  app.get('/sitemap.xml', { config: { policy: 'public' } }, async (_request, reply) =>
    reply.type(XML).header('cache-control', CRAWLER_CACHE).send(await sitemaps.index()))

  app.get<{ Params: Static<typeof SitemapParams> }>('/sitemaps/:file', { config: { policy: 'public' }, schema: { params: SitemapParams } }, async (request, reply) => {
    const { file } = request.params
    reply.type(XML).header('cache-control', CRAWLER_CACHE)
    if (file === 'sections.xml') return reply.send(await sitemaps.sections())
    if (file === 'news.xml') return reply.header('cache-control', 'public, max-age=60').send(await sitemaps.news())
    if (MONTH_FILE.test(file)) return reply.send(await sitemaps.month(file))
    return reply.callNotFound()
  })

  app.get<{ Querystring: Static<typeof OEmbedQuery> }>('/api/content/oembed', { config: { policy: 'public' }, schema: { querystring: OEmbedQuery } }, async (request, reply) => {
    const o = await oembedFor(site, siteUrl, request.query)
    reply.header('cache-control', 'public, max-age=3600').header('access-control-allow-origin', '*')
    if (request.query.format === 'xml') return reply.type('text/xml; charset=utf-8').send(oembedXml(o))
    return reply.type('application/json; charset=utf-8').send(o)
  })

  app.get('/opensearch.xml', { config: { policy: 'public' } }, async (_request, reply) => {
    const chrome = await site.chrome()
    const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele('http://a9.com/-/spec/opensearch/1.1/', 'OpenSearchDescription')
    doc.ele('ShortName').txt(chrome.siteName.slice(0, 16))
    doc.ele('Description').txt(`Search ${chrome.siteName}`)
    doc.ele('InputEncoding').txt('UTF-8')
    doc.ele('Url', { type: 'text/html', method: 'get', template: `${siteUrl}/search?q={searchTerms}` })
    doc.ele('Url', { type: 'application/json', method: 'get', template: `${siteUrl}/api/content/search?q={searchTerms}` })
    return reply.type('application/opensearchdescription+xml; charset=utf-8').header('cache-control', 'public, max-age=86400').send(doc.end({ prettyPrint: true }))
  })
}
