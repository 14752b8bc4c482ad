import { sql, type Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.ts'

/**
 * A generated archive for search and sitemap benchmarks (and the query-plan test): one
 * INSERT ... SELECT generate_series per chunk, so 100,000 articles take a minute, not an import.
 * Words come in three tiers, like real news text: common news words (80 % of words, skewed, so
 * "council" is in most articles), 500 mid-frequency made-up terms ("veltan42", each in about 2 %
 * of articles) and 5,000 rare ones ("zorvex4711", each in about 0.2 %).
 */

export const NEWS_WORDS = `council security minister government election president parliament talks agreement
economy market trade bank inflation growth budget energy climate water drought flood storm cyclone
police court judge trial law rights protest union strike workers farmers health hospital vaccine
school university research scientists space satellite ocean forest wildfire earthquake volcano
football league cup match coach player olympic marathon transport rail airport shipping port
border refugees aid conflict ceasefire peace sanctions nuclear missile defence army navy summit
report official spokesman statement interview analysts investors companies profits prices oil gas
solar wind power grid technology internet data privacy cyber attack hackers network mobile phone`
  .split(/\s+/)
  .filter((w) => w !== '')

export interface ArchiveOptions {
  count: number
  /** Words per body paragraph (3 paragraphs); small for sitemap benchmarks. */
  bodyWords?: number
  /** Publication times spread back from this moment, one article every `spacingMinutes`. */
  newest?: Date
  spacingMinutes?: number
  /** Rows per INSERT statement (keeps each statement's memory bounded). */
  chunk?: number
}

/** Inserts `count` published articles spread over the edition's sections; returns the number inserted. */
export async function generateArchive(db: Kysely<DB>, o: ArchiveOptions): Promise<number> {
  const sections = await db.selectFrom('sections').select('id').orderBy('id').execute()
  if (sections.length === 0) {
    await db.insertInto('sections').values({ edition_id: 1, slug: 'news', name: 'News' }).execute()
    return generateArchive(db, o)
  }
  const ids = sections.map((s) => s.id)
  const words = NEWS_WORDS
  const bodyWords = o.bodyWords ?? 40
  const newest = o.newest ?? new Date('2026-11-29T12:00:00Z')
  const spacing = o.spacingMinutes ?? 30
  const chunk = o.chunk ?? 20_000
  const start = ((await sql<{ n: number }>`select coalesce(max(id), 0) as n from articles`.execute(db)).rows[0]?.n ?? 0) as number
  for (let from = 1; from <= o.count; from += chunk) {
    const to = Math.min(o.count, from + chunk - 1)
    const word = sql`(select case when r < 0.8 then (${words}::text[])[1 + floor(${words.length} * power(random(), 2))::int]
        when r < 0.9 then 'veltan' || floor(random() * 500)::int
        else 'zorvex' || floor(random() * 5000)::int end from (select random() + 0 * x as r) rr)`
    await sql`
      insert into articles (edition_id, section_id, slug, headline, lead, body, status, first_published_at, published_at)
      select 1, (${ids}::int[])[1 + (g % ${ids.length})], 'generated-' || (g + ${start}),
        h.t, l.t,
        jsonb_build_array(
          jsonb_build_object('type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('text', b.t))),
          jsonb_build_object('type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('text', b.t2)))),
        'published', t.at, t.at
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (select ${newest}::timestamptz - (g * ${spacing}::float8) * interval '1 minute' as at) t
      cross join lateral (select initcap(string_agg(${word}, ' ')) as t from generate_series(1, 6 + g % 5) x where g > 0) h
      cross join lateral (select string_agg(${word}, ' ') as t from generate_series(1, 24) x where g > 0) l
      cross join lateral (select string_agg(${word}, ' ') as t, string_agg(${word}, ' ') as t2 from generate_series(1, ${bodyWords}) x where g > 0) b`.execute(
      db,
    )
  }
  await sql`analyze articles`.execute(db)
  return o.count
}
