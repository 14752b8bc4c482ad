import { sql, type RawBuilder } from 'kysely'
import type { ImageBlock } from '../content/blocks.ts'
import type { Queryable } from '../db/types.ts'
import type { ParsedQuery, SearchTerm } from './search-query.ts'

/** Characters that mark highlights in ts_headline output; stripped from the text beforehand. */
export const MARK_START = '\ue000'
export const MARK_END = '\ue001'
export const FRAGMENT_BREAK = '\ue002'

/** Counting stops here: "more than 1,000 results" is all a reader needs to know. */
export const COUNT_CAP = 1000
/**
 * A query matching more than COUNT_CAP articles ("council") is ranked among its newest matches
 * only: found walking the publication-date index, which stops after this many, instead of
 * ranking a third of the archive for ten results.
 */
export const DENSE_CANDIDATES = 2000

export interface SearchFilters {
  editionId: number
  /** The edition's text-search configuration (editions.search_config), e.g. "english". */
  config: string
  sectionIds?: number[] | undefined
  /** Inclusive lower bound of published_at. */
  from?: Date | undefined
  /** Exclusive upper bound of published_at. */
  until?: Date | undefined
}

export interface SearchHit {
  id: number
  sectionId: number
  slug: string
  headline: string
  lead: string
  firstPublishedAt: Date
  publishedAt: Date
  score: number
  /** ts_headline output with MARK_START/MARK_END around matches: NOT safe HTML. */
  snippet: string
  /** The article's lead picture: its body's first image block. */
  leadImage: ImageBlock | null
}

/**
 * Chinese, Japanese (kana), Korean, Thai, Lao, Myanmar and Khmer characters: text in them has no
 * spaces between words (its vowel signs and tone marks are in these ranges too).
 */
const CJK = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/
const CJK_RUNS = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+/g

/**
 * The character pairs of the CJK runs in a query, as the index holds them (migration 0019's
 * cjk_grams): "北京天气" → "北京 京天 天气". A single character stays itself (matched as a prefix).
 */
export function cjkQueryGrams(text: string): string[] {
  const runs = text.match(CJK_RUNS) ?? []
  return runs.map((run) => {
    const chars = [...run]
    if (chars.length === 1) return chars[0]!
    return chars
      .slice(1)
      .map((c, i) => chars[i]! + c)
      .join(' ')
  })
}

/** A CJK term also matches as the phrase of its character pairs (or, one character, as a prefix). */
function cjkExpression(text: string): RawBuilder<unknown> | undefined {
  if (!CJK.test(text)) return undefined
  const runs = cjkQueryGrams(text)
  const parts = runs.map((grams) => ([...grams].length === 1 ? sql`to_tsquery('simple', ${`'${grams}':*`})` : sql`phraseto_tsquery('simple', ${grams})`))
  return sql.join(parts, sql` && `)
}

function termExpression(t: SearchTerm, config: RawBuilder<unknown>): RawBuilder<unknown> {
  const cjk = t.kind !== 'prefix' ? cjkExpression(t.text) : undefined
  const plain =
    t.kind === 'word'
      ? sql`plainto_tsquery(${config}, ${t.text})`
      : t.kind === 'phrase'
        ? sql`phraseto_tsquery(${config}, ${t.text})`
        : // The prefix text is letters and digits only (search-query.ts); quoting keeps the
          // tsquery parser from splitting it into operators whatever script it is in.
          sql`to_tsquery(${config}, ${`'${t.text.replace(/[^\p{L}\p{M}\p{N}]/gu, '')}':*`})`
  const e = cjk ? sql`(${plain} || (${cjk}))` : plain
  return t.negated ? sql`(!! ${e})` : e
}

/** The tsquery for a parsed query, as SQL built only from bound parameters and fixed functions. */
export function tsqueryExpression(q: ParsedQuery, configName: string): RawBuilder<unknown> {
  const config = sql`${configName}::regconfig`
  const groups = q.groups.map(
    (g) =>
      sql`(${sql.join(
        g.map((t) => termExpression(t, config)),
        sql` && `,
      )})`,
  )
  if (groups.length === 0) return sql`''::tsquery`
  return sql`(${sql.join(groups, sql` || `)})`
}

function filtersSql(f: SearchFilters): RawBuilder<unknown> {
  const parts = [sql`a.status = 'published'`, sql`a.edition_id = ${f.editionId}`]
  if (f.sectionIds) parts.push(sql`a.section_id in (${sql.join(f.sectionIds.length ? f.sectionIds : [-1])})`)
  if (f.from) parts.push(sql`a.published_at >= ${f.from}`)
  if (f.until) parts.push(sql`a.published_at < ${f.until}`)
  return sql.join(parts, sql` and `)
}

export interface PageOptions {
  limit: number
  offset: number
  now: Date
  /** More than COUNT_CAP matches: rank the newest DENSE_CANDIDATES only. */
  dense: boolean
}

function countQuery(q: ParsedQuery, f: SearchFilters) {
  return sql<{ n: number }>`select count(*) as n from (
    select 1 from articles a
    where ${filtersSql(f)} and a.search_vector @@ ${tsqueryExpression(q, f.config)}
    order by a.published_at desc, a.id desc
    limit ${COUNT_CAP + 1}) m`
}

function pageQuery(q: ParsedQuery, f: SearchFilters, page: PageOptions) {
  const tsq = tsqueryExpression(q, f.config)
  const cfg = sql`${f.config}::regconfig`
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=${FRAGMENT_BREAK}`
  return sql<Omit<SearchHit, 'snippet'> & { snippet: string | null }>`
    with matches as (
      select a.id, a.section_id, a.slug, a.headline, a.lead, a.first_published_at, a.published_at, a.search_vector
      from articles a
      where ${filtersSql(f)} and a.search_vector @@ ${tsq}
      ${page.dense ? sql`order by a.published_at desc, a.id desc limit ${DENSE_CANDIDATES}` : sql``}
    ),
    hits as (
      select m.id, m.section_id, m.slug, m.headline, m.lead, m.first_published_at, m.published_at,
        ts_rank_cd(m.search_vector, ${tsq}, 32)
          * (1 + 1 / (1 + greatest(extract(epoch from (${page.now}::timestamptz - m.published_at)), 0) / 2592000.0)) as score
      from matches m
      order by score desc, m.published_at desc, m.id desc
      limit ${page.limit} offset ${page.offset}
    )
    select h.id, h.section_id as "sectionId", h.slug, h.headline, h.lead,
      h.first_published_at as "firstPublishedAt", h.published_at as "publishedAt", h.score,
      jsonb_path_query_first(a.body, '$[*] ? (@.type == "image")') as "leadImage",
      ts_headline(${cfg},
        translate(left(h.lead || ' ' || array_to_string(array(
          select jsonb_array_elements_text(jsonb_path_query_array(a.body, 'strict $.**.text'))), ' '), 50000),
          ${MARK_START + MARK_END + FRAGMENT_BREAK}, ''),
        ${tsq}, ${options}) as snippet
    from hits h join articles a on a.id = h.id
    order by h.score desc, h.published_at desc, h.id desc`
}

/** Full-text search over published articles (the GIN index on articles.search_vector). */
export function createSearchStore(db: Queryable) {
  return {
    /** How many operands the query has once stop words are gone; 0 means nothing to search for. */
    async countQueryNodes(q: ParsedQuery, config: string): Promise<number> {
      if (q.groups.length === 0) return 0
      const r = await sql<{ n: number }>`select numnode(${tsqueryExpression(q, config)}) as n`.execute(db)
      return Number(r.rows[0]?.n ?? 0)
    },

    /** Matches, counted up to COUNT_CAP + 1 (newest first, so a common word stops early on the date index). */
    async countMatches(q: ParsedQuery, f: SearchFilters): Promise<number> {
      const r = await countQuery(q, f).execute(db)
      return Number(r.rows[0]?.n ?? 0)
    },

    /** The database's plans for the count and page queries (EXPLAIN), for tests and benchmarks. */
    async explain(q: ParsedQuery, f: SearchFilters, page: PageOptions): Promise<string> {
      const lines: string[] = []
      for (const query of [countQuery(q, f), pageQuery(q, f, page)]) {
        const r = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(db)
        lines.push(...r.rows.map((x) => x['QUERY PLAN']), '')
      }
      return lines.join('\n')
    },

    /**
     * One page of matches, best first: text rank (cover density, headline weighted highest) times a
     * recency boost that doubles today's articles and fades over months. Snippets are made for the
     * page's rows only. `dense` (more than COUNT_CAP matches) ranks the newest DENSE_CANDIDATES.
     */
    async searchPage(q: ParsedQuery, f: SearchFilters, page: PageOptions): Promise<SearchHit[]> {
      const r = await pageQuery(q, f, page).execute(db)
      return r.rows.map((row) => ({ ...row, score: Number(row.score), snippet: row.snippet ?? '' }))
    },
  }
}

export type SearchStore = ReturnType<typeof createSearchStore>
