import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { MAX_PAGE, type SearchInput, type SearchService } from './search-service.ts'
import { searchPage, searchHref, type PageAssets } from './templates/search-page.ts'
import type { ChromeService } from '../web/chrome.ts'
import { cachePage } from '../cache/http-cache.ts'

const W = '[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}\\p{N}]'
// section paths in any script (slugs are letters, marks and digits joined by hyphens)
const SECTION_PATH = `^$|^${W}+(-${W}+)*(/${W}+(-${W}+)*){0,5}$`
const DAY = '^$|^\\d{4}-\\d{2}-\\d{2}$'

export const SearchQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 20000, description: 'the words to search for' })),
  section: Type.Optional(Type.String({ pattern: SECTION_PATH, maxLength: 300, description: 'it must be a section path like world/asia-pacific' })),
  from: Type.Optional(Type.String({ pattern: DAY, description: 'it must be a date like 2020-08-05' })),
  to: Type.Optional(Type.String({ pattern: DAY, description: 'it must be a date like 2020-08-05' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: `it must be a page number from 1 to ${MAX_PAGE}` })),
})
type SearchQuery = Static<typeof SearchQuerySchema>

/** Empty form fields ("All sections", blank dates) mean "no filter". */
function toInput(q: SearchQuery): SearchInput {
  return { q: q.q, section: q.section || undefined, from: q.from || undefined, to: q.to || undefined, page: q.page }
}

/** GET /search (the page) and GET /api/content/search (JSON). */
export async function searchRoutes(app: FastifyInstance, opts: { search: SearchService; chrome: ChromeService; assets: PageAssets }) {
  const { search, chrome, assets } = opts

  // A query asked for twice is kept in the page cache until an article is published or changed.
  app.get<{ Querystring: SearchQuery }>(
    '/search',
    { config: { policy: 'public', cache: 'repeated' }, schema: { querystring: SearchQuerySchema } },
    async (request, reply) => {
      const [results, frame] = await Promise.all([search.search(toInput(request.query)), chrome.forPage()])
      // a page showing pictures goes from the caches when one of them changes (replaced, recropped, licence passed)
      const media = results.results.flatMap((r) => (r.image ? [`media:${r.image.picture.id}`] : []))
      return cachePage(reply.type('text/html; charset=utf-8'), ['search', ...media])
        .header('x-robots-tag', 'noindex')
        .send(searchPage(frame, assets, results).value)
    },
  )

  app.get<{ Querystring: SearchQuery }>(
    '/api/content/search',
    { config: { policy: 'public' }, schema: { querystring: SearchQuerySchema } },
    async (request, reply) => {
      const r = await search.search(toInput(request.query))
      reply.header('cache-control', 'public, max-age=60, stale-while-revalidate=300')
      return {
        query: r.q,
        searched: r.searched,
        truncated: r.truncated,
        state: r.state,
        filters: r.filters,
        total: r.total,
        more: r.more,
        page: r.page,
        pages: r.pages,
        next: r.state === 'results' && r.page < r.pages ? searchHref(r, r.page + 1).replace('/search', '/api/content/search') : null,
        results: r.results.map((x) => ({
          id: x.id,
          headline: x.headline,
          url: x.href,
          section: x.section?.name ?? null,
          publishedAt: x.time.iso,
          snippetHtml: x.snippetHtml,
        })),
      }
    },
  )
}
