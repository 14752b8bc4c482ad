import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'

/** Sitemaps.org allows 50,000 URLs per file; a busier month is split into numbered parts. */
export const URLS_PER_SITEMAP = 50_000
/** Rows fetched per round trip while streaming: memory stays at one batch whatever the archive. */
export const STREAM_BATCH = 1000

export interface MonthSummary {
  /** "2020-08" (UTC, by publication time). */
  month: string
  count: number
  lastmod: Date
}

export interface SitemapRow {
  id: number
  sectionId: number
  slug: string
  headline: string
  firstPublishedAt: Date
  publishedAt: Date
  lastmod: Date
  /** The lead picture's media-library id (news sitemap only). */
  leadMediaId?: number | undefined
}

/** Start (inclusive) and end (exclusive) of a "YYYY-MM" month in UTC. */
export function monthRange(month: string): { start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return { start: new Date(Date.UTC(y, m - 1, 1)), end: new Date(Date.UTC(y, m, 1)) }
}

type Row = {
  id: number
  section_id: number
  slug: string
  headline: string
  first_published_at: Date
  published_at: Date
  lastmod: Date
  lead_media_id?: number | null
}
const toRow = (r: Row): SitemapRow => ({
  ...(r.lead_media_id ? { leadMediaId: Number(r.lead_media_id) } : {}),
  id: r.id,
  sectionId: r.section_id,
  slug: r.slug,
  headline: r.headline,
  firstPublishedAt: r.first_published_at,
  publishedAt: r.published_at,
  lastmod: r.lastmod,
})

/** Queries behind the sitemaps: month counts, keyset-paged month streams, the last two days. */
export function createSitemapStore(db: Queryable, perFile = URLS_PER_SITEMAP) {
  return {
    /** Published articles per month, oldest first, with each month's latest change. */
    async months(editionId: number): Promise<MonthSummary[]> {
      const r = await sql<{ month: string; count: number; lastmod: Date }>`
        select to_char(date_trunc('month', published_at at time zone 'UTC'), 'YYYY-MM') as month,
          count(*) as count, max(greatest(published_at, coalesce(updated_at, published_at))) as lastmod
        from articles where edition_id = ${editionId} and status = 'published'
        group by 1 order by 1`.execute(db)
      return r.rows.map((x) => ({ month: x.month, count: Number(x.count), lastmod: x.lastmod }))
    },

    /**
     * The articles of one part of a month in publication order, fetched STREAM_BATCH rows at a time
     * with a keyset cursor (published_at, id), so no batch costs more than the first.
     */
    async *streamMonth(editionId: number, month: string, part: number): AsyncGenerator<SitemapRow[]> {
      const { start, end } = monthRange(month)
      let cursor: { publishedAt: Date; id: number } | undefined
      if (part > 1) {
        // The last row of the previous part; counting past it is bounded by the part size.
        const prev = await sql<{ published_at: Date; id: number }>`
          select published_at, id from articles
          where edition_id = ${editionId} and status = 'published' and published_at >= ${start} and published_at < ${end}
          order by published_at, id offset ${(part - 1) * perFile - 1} limit 1`.execute(db)
        if (!prev.rows[0]) return
        cursor = { publishedAt: prev.rows[0].published_at, id: prev.rows[0].id }
      }
      let left = perFile
      while (left > 0) {
        const after = cursor ? sql`and (published_at, id) > (${cursor.publishedAt}::timestamptz, ${cursor.id})` : sql``
        const r = await sql<Row>`
          select id, section_id, slug, headline, first_published_at, published_at,
            greatest(published_at, coalesce(updated_at, published_at)) as lastmod
          from articles
          where edition_id = ${editionId} and status = 'published' and published_at >= ${start} and published_at < ${end} ${after}
          order by published_at, id limit ${Math.min(STREAM_BATCH, left)}`.execute(db)
        if (r.rows.length === 0) return
        yield r.rows.map(toRow)
        const last = r.rows.at(-1)!
        cursor = { publishedAt: last.published_at, id: last.id }
        left -= r.rows.length
        if (r.rows.length < STREAM_BATCH) return
      }
    },

    /** Articles first published since `since`, newest first (Google News: the last two days, at most 1,000). */
    async recent(editionId: number, since: Date, limit = 1000): Promise<SitemapRow[]> {
      const r = await sql<Row>`
        select id, section_id, slug, headline, first_published_at, published_at,
          greatest(published_at, coalesce(updated_at, published_at)) as lastmod,
          (jsonb_path_query_first(body, '$[*] ? (@.type == "image").mediaId') #>> '{}')::integer as lead_media_id
        from articles
        where edition_id = ${editionId} and status = 'published' and published_at >= ${since} and first_published_at >= ${since}
        order by published_at desc, id desc limit ${limit}`.execute(db)
      return r.rows.map(toRow)
    },
  }
}

export type SitemapStore = ReturnType<typeof createSitemapStore>
