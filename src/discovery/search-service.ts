import { AppError } from '../errors.ts'
import type { Queryable } from '../db/types.ts'
import { escapeHtml } from '../web/html.ts'
import { articlePath, sectionPath } from '../web/format.ts'
import type { Picture, PictureLookup } from '../web/picture.ts'
import { leadMediaIds, timeView, type TimeView } from '../web/view-models.ts'
import { translatorFor } from '../web/i18n.ts'
import { subtreeIds, type EditionContexts } from '../content/edition-context.ts'
import { isJunk, parseSearchQuery } from './search-query.ts'
import { COUNT_CAP, createSearchStore, FRAGMENT_BREAK, MARK_END, MARK_START, type SearchFilters } from './search-store.ts'

export const PAGE_SIZE = 10
export const MAX_PAGE = Math.ceil(COUNT_CAP / PAGE_SIZE)

export interface SearchInput {
  q?: string | undefined
  section?: string | undefined
  from?: string | undefined
  to?: string | undefined
  page?: number | undefined
}

export interface SearchResult {
  id: number
  headline: string
  href: string
  section: { name: string; href: string } | undefined
  time: TimeView
  /** Escaped text with <mark> around the words that matched: safe HTML. */
  snippetHtml: string
  /** The article's lead picture from the media library (absent: none, or its licence has passed). */
  image?: { picture: Picture; alt: string } | undefined
}

/** Why the page has no result list, so it can say something useful. */
export type SearchState = 'empty' | 'junk' | 'stopwords' | 'results' | 'none' | 'beyond'

export interface SearchResults {
  /** What the reader typed (cut to a sane length), for the search box. */
  q: string
  /** The query as searched: "security council" -china. */
  searched: string
  truncated: boolean
  state: SearchState
  filters: { section: string | undefined; from: string | undefined; to: string | undefined }
  sectionName: string | undefined
  sections: { path: string; name: string; depth: number }[]
  results: SearchResult[]
  /** Matches, counted up to COUNT_CAP; `more` when there are more than that. */
  total: number
  more: boolean
  page: number
  pages: number
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A YYYY-MM-DD day as a UTC Date, or a 400 naming the parameter. */
function parseDay(value: string, name: string): Date {
  const d = new Date(`${value}T00:00:00Z`)
  if (!DATE.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new AppError('VALIDATION_FAILED', {
      message: `Query parameter "${name}" is not valid: it must be a date like 2020-08-05`,
      fields: [{ field: name, message: 'a date like 2020-08-05' }],
    })
  }
  return d
}

/**
 * ts_headline output → escaped HTML with balanced <mark> elements and "…" between fragments, and
 * at the start or end when the fragment begins or stops mid-sentence (`from`: the text it was cut
 * from begins with the lead, so a snippet starting there starts a sentence).
 */
export function snippetHtml(snippet: string, from = ''): string {
  const plain = snippet.replace(/[\ue000-\ue002]/gu, '').trim()
  const atStart = plain !== '' && from !== '' && from.trim().startsWith(plain.slice(0, Math.min(plain.length, 24)))
  const before = plain !== '' && !atStart && !/^[\p{Lu}\p{N}"“«'‘(¿¡]/u.test(plain) ? '… ' : ''
  const after = plain !== '' && !/[.!?…。！？؟»”"')]$/u.test(plain) && plain !== from.trim() ? ' …' : ''
  return `${before}${marked(snippet.trim())}${after}`
}

function marked(snippet: string): string {
  let out = ''
  let open = false
  for (const part of snippet.split(/([\ue000-\ue002])/u)) {
    if (part === MARK_START) {
      if (!open) out += '<mark>'
      open = true
    } else if (part === MARK_END) {
      if (open) out += '</mark>'
      open = false
    } else if (part === FRAGMENT_BREAK) {
      if (open) out += '</mark>'
      open = false
      out += ' … '
    } else out += escapeHtml(part)
  }
  return open ? `${out}</mark>` : out
}

/** Search: parses the reader's query, applies filters, pages through ranked matches. */
export function createSearchService(deps: { db: Queryable; editions: EditionContexts; now: () => Date; media?: () => PictureLookup | undefined }) {
  const store = createSearchStore(deps.db)
  return {
    async search(input: SearchInput): Promise<SearchResults> {
      const { edition, sections, byId } = await deps.editions.get()
      const q = (input.q ?? '').slice(0, 1000)
      const page = input.page ?? 1
      const section = input.section ? sections.find((s) => s.path === input.section) : undefined
      if (input.section && !section) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'Query parameter "section" is not valid: choose a section from the list',
          fields: [{ field: 'section', message: 'not a section of this site' }],
        })
      }
      let from = input.from ? parseDay(input.from, 'from') : undefined
      let until = input.to ? new Date(parseDay(input.to, 'to').getTime() + 86_400_000) : undefined
      if (from && until && from >= until) [from, until] = [new Date(until.getTime() - 86_400_000), new Date(from.getTime() + 86_400_000)]

      const parsed = parseSearchQuery(q)
      const base: SearchResults = {
        q: q.slice(0, 256),
        searched: parsed.normalized,
        truncated: parsed.truncated,
        state: 'empty',
        filters: { section: section?.path, from: input.from, to: input.to },
        sectionName: section?.name,
        sections: sections.map((s) => ({ path: s.path, name: s.name, depth: s.path.split('/').length - 1 })),
        results: [],
        total: 0,
        more: false,
        page,
        pages: 0,
      }
      if (q.trim() === '') return base
      if (isJunk(q) || parsed.groups.length === 0) return { ...base, state: 'junk' }

      const filters: SearchFilters = {
        editionId: edition.id,
        config: edition.searchConfig,
        sectionIds: section ? subtreeIds(sections, section) : undefined,
        from,
        until,
      }
      if ((await store.countQueryNodes(parsed, edition.searchConfig)) === 0) return { ...base, state: 'stopwords' }
      const counted = await store.countMatches(parsed, filters)
      const total = Math.min(counted, COUNT_CAP)
      const pages = Math.ceil(total / PAGE_SIZE)
      const found = { ...base, total, more: counted > COUNT_CAP, pages }
      if (total === 0) return { ...found, state: 'none' }
      if (page > pages) return { ...found, state: 'beyond' }

      const hits = await store.searchPage(parsed, filters, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, now: deps.now(), dense: counted > COUNT_CAP })
      const leads = hits.map((h) => ({ leadImage: h.leadImage ?? undefined }))
      const ids = leadMediaIds(leads)
      const pictures = ids.length ? ((await deps.media?.()?.pictures(ids)) ?? new Map<number, Picture>()) : new Map<number, Picture>()
      const results = hits.flatMap((h): SearchResult[] => {
        const s = byId.get(h.sectionId)
        if (!s) return []
        const picture = h.leadImage?.mediaId !== undefined ? pictures.get(h.leadImage.mediaId) : undefined
        return [
          {
            ...(picture ? { image: { picture, alt: h.leadImage?.alt || picture.alt } } : {}),
            id: h.id,
            headline: h.headline,
            href: articlePath(s, h),
            section: { name: s.name, href: sectionPath(s) },
            time: timeView(h.publishedAt, translatorFor(edition)),
            snippetHtml: h.snippet ? snippetHtml(h.snippet, h.lead) : snippetHtml(h.lead, h.lead),
          },
        ]
      })
      return { ...found, state: 'results', results }
    },
  }
}

export type SearchService = ReturnType<typeof createSearchService>
