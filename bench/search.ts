/**
 * Search latency on a generated archive (default 100,000 articles): p50/p95 per query shape and
 * overall, through the JSON API (`/api/content/search`, with count, ranking and snippets), plus
 * the query plans, which must use the indexes and never scan articles sequentially; then the same
 * query shapes in Chinese on a Chinese edition's archive of the same size, reported beside English.
 *   npm run bench -- search [articles]       (PGlite, or PostgreSQL when DATABASE_URL is set)
 */
import pino from 'pino'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createSectionStore } from '../src/content/section-store.ts'
import { parseSearchQuery } from '../src/discovery/search-query.ts'
import { COUNT_CAP, createSearchStore } from '../src/discovery/search-store.ts'
import { createEventBus } from '../src/events.ts'
import { generateArchive } from '../test/support/archive.ts'
import { createBenchDatabase, machine, quantile, writeResult } from './support.ts'

const QUERIES = [
  { name: 'rare word', q: 'zorvex4711' },
  { name: 'mid-frequency word', q: 'veltan42' },
  { name: 'two mid words', q: 'veltan42 veltan7' },
  { name: 'common word', q: 'council' },
  { name: 'two common words', q: 'security council' },
  { name: 'phrase', q: '"security council"' },
  { name: 'prefix', q: 'zorvex47*' },
  { name: 'word -word', q: 'veltan42 -veltan7' },
  { name: 'OR', q: 'zorvex4711 OR zorvex12' },
  { name: 'section filter', q: 'veltan42', section: 'world/asia-pacific' },
  { name: 'date range', q: 'veltan42', from: '2026-11-01', to: '2026-11-15' },
  { name: 'page 5', q: 'council', page: 5 },
  { name: 'no match', q: 'zorvexnothing' },
]
const ROUNDS = 20

/** The same query shapes in Chinese, on a Chinese edition's archive of the same size (no spaces between words). */
const CJK_QUERIES = [
  { name: 'rare term', q: '甲金春' },
  { name: 'mid-frequency term', q: '乙木' },
  { name: 'two mid terms', q: '乙木 丙水' },
  { name: 'common word', q: '安全' },
  { name: 'two common words', q: '安全 会议' },
  { name: 'phrase', q: '"安全会议"' },
  { name: 'word -word', q: '乙木 -丙水' },
  { name: 'OR', q: '甲金春 OR 乙木' },
  { name: 'page 5', q: '安全', page: 5 },
  { name: 'no match', q: '龙凤' },
]

export async function run(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 100_000)
  const { target, database, drop } = await createBenchDatabase()
  try {
    const sections = createSectionStore(database.db)
    const world = await sections.createSection({ editionId: 1, slug: 'world', name: 'World' })
    for (const [slug, name] of [
      ['asia-pacific', 'Asia & Pacific'],
      ['europe', 'Europe'],
    ])
      await sections.createSection({ editionId: 1, slug: slug!, name: name!, parentId: world.id })
    for (const [slug, name] of [
      ['business', 'Business'],
      ['sport', 'Sport'],
      ['science', 'Science'],
    ])
      await sections.createSection({ editionId: 1, slug: slug!, name: name! })

    // a Chinese edition beside it (search config 'simple' plus character bigrams), with its own sections
    const zh = await database.db
      .insertInto('editions')
      .values({
        code: 'zh',
        name: '中文',
        locale: 'zh-CN',
        language: 'zh',
        direction: 'ltr',
        numbering_system: 'latn',
        time_zone: 'Asia/Shanghai',
        search_config: 'simple',
        slug_style: 'unicode',
        position: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const [slug, name] of [
      ['world', '国际'],
      ['china', '中国'],
      ['business', '财经'],
    ])
      await sections.createSection({ editionId: zh.id, slug: slug!, name: name! })

    console.log(`generating ${count.toLocaleString('en')} English and ${count.toLocaleString('en')} Chinese articles on ${target.kind}...`)
    let t0 = performance.now()
    await generateArchive(database.db, { count, spacingMinutes: 10 })
    const generateSeconds = (performance.now() - t0) / 1000
    t0 = performance.now()
    await generateArchive(database.db, { count, spacingMinutes: 10, editionId: zh.id, script: 'cjk' })
    const generateCjkSeconds = (performance.now() - t0) / 1000
    console.log(`generated in ${generateSeconds.toFixed(1)} s (English), ${generateCjkSeconds.toFixed(1)} s (Chinese)`)

    const now = new Date('2026-11-29T12:00:00Z')
    const log = pino({ level: 'silent' })
    const app = await buildApp({
      config: loadConfig({ SITE_URL: 'http://bench.test', DATA_DIR: '/nonexistent' }),
      database,
      log,
      clock: { now: () => now },
      events: createEventBus(),
    })
    await app.ready()

    // Plans first: every query must use an index.
    const store = createSearchStore(database.db)
    const plans: Record<string, string> = {}
    for (const query of QUERIES) {
      const parsed = parseSearchQuery(query.q)
      const filters = { editionId: 1, config: 'english' }
      const dense = (await store.countMatches(parsed, filters)) > COUNT_CAP
      const plan = await store.explain(parsed, filters, { limit: 10, offset: 0, now, dense })
      plans[query.name] = plan
      if (/Seq Scan on articles/.test(plan)) throw new Error(`"${query.q}" scans articles sequentially:\n${plan}`)
    }

    /** Each query warmed once, then ROUNDS timed requests through the JSON API under `prefix`. */
    const measure = async (prefix: string, queries: typeof QUERIES | typeof CJK_QUERIES) => {
      const all: number[] = []
      const perQuery = []
      for (const query of queries) {
        const params = new URLSearchParams({ q: query.q })
        for (const key of ['section', 'from', 'to', 'page'] as const) {
          const v = (query as Partial<Record<typeof key, string | number>>)[key]
          if (v !== undefined) params.set(key, String(v))
        }
        const url = `${prefix}/api/content/search?${params}`
        const first = await app.inject({ method: 'GET', url }) // warm-up, and what it finds
        if (first.statusCode !== 200) throw new Error(`${url} → ${first.statusCode} ${first.body}`)
        const found = first.json() as { total: number; more: boolean }
        const times: number[] = []
        for (let i = 0; i < ROUNDS; i++) {
          t0 = performance.now()
          await app.inject({ method: 'GET', url })
          times.push(performance.now() - t0)
        }
        times.sort((a, b) => a - b)
        all.push(...times)
        const row = {
          name: query.name,
          query: query.q,
          matches: found.more ? `>${found.total}` : found.total,
          p50Ms: +quantile(times, 0.5).toFixed(1),
          p95Ms: +quantile(times, 0.95).toFixed(1),
        }
        perQuery.push(row)
        console.log(
          `${row.name.padEnd(20)} ${String(row.matches).padStart(6)} matches   p50 ${row.p50Ms.toFixed(1).padStart(7)} ms   p95 ${row.p95Ms.toFixed(1).padStart(7)} ms`,
        )
      }
      all.sort((a, b) => a - b)
      return { overall: { p50Ms: +quantile(all, 0.5).toFixed(1), p95Ms: +quantile(all, 0.95).toFixed(1), requests: all.length }, perQuery }
    }
    const { overall, perQuery } = await measure('', QUERIES)
    console.log(`overall: p50 ${overall.p50Ms} ms, p95 ${overall.p95Ms} ms over ${overall.requests} requests`)
    // Chinese, through the Chinese edition's own address (/zh/…), in the same run
    console.log('Chinese edition:')
    const { overall: cjkOverall, perQuery: cjkPerQuery } = await measure('/zh', CJK_QUERIES)
    console.log(`Chinese overall: p50 ${cjkOverall.p50Ms} ms, p95 ${cjkOverall.p95Ms} ms (English: p50 ${overall.p50Ms} ms, p95 ${overall.p95Ms} ms)`)
    await app.close()
    const file = await writeResult(`search-${target.kind}`, {
      benchmark: 'search',
      database: target.kind,
      articles: count,
      generateSeconds: +generateSeconds.toFixed(1),
      roundsPerQuery: ROUNDS,
      overall,
      perQuery,
      chinese: { articles: count, generateSeconds: +generateCjkSeconds.toFixed(1), overall: cjkOverall, perQuery: cjkPerQuery },
      plans,
      machine: machine(),
      at: new Date().toISOString(),
    })
    console.log(`results: ${file}`)
  } finally {
    await database.close()
    await drop()
  }
}
