import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'
import type { CounterBatch } from './tally.ts'

/** What the page counters show for one article (starting values from an import included). */
export interface ArticleCounts {
  articleId: number
  views: number
  comments: number
  shares: number
  sharesByKind: Record<string, number>
}

export interface MostReadEntry {
  articleId: number
  views: number
}

const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`

/** Counter tables: batches in, totals, "most read" and daily history out. */
export function createCounterStore(db: Queryable, now: () => Date = () => new Date()) {
  // timestamps come from the clock the store is given (services pass theirs; tests a fixed one)
  return {
    /**
     * Adds a batch to the totals. Call inside a transaction. With `batchId`, a batch already applied
     * is skipped (returns false), so a batch retried after a crash is counted once.
     */
    async applyBatch(batch: CounterBatch, batchId?: string): Promise<boolean> {
      if (batchId !== undefined) {
        const fresh = await db
          .insertInto('counter_batches')
          .values({ id: batchId })
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .executeTakeFirst()
        if (!fresh) return false
      }
      if (batch.views.length) {
        const rows = json(batch.views.map((v) => ({ a: v.articleId, h: v.hour.toISOString(), n: v.n })))
        // Joined with articles: views of an article deleted meanwhile are dropped, not an error.
        await sql`insert into article_view_hours (article_id, hour, views)
          select v.a, v.h, v.n from jsonb_to_recordset(${rows}) as v(a integer, h timestamptz, n integer) join articles on articles.id = v.a
          on conflict (article_id, hour) do update set views = article_view_hours.views + excluded.views`.execute(db)
        await sql`insert into article_view_days (article_id, day, views)
          select v.a, (v.h at time zone 'UTC')::date, sum(v.n) from jsonb_to_recordset(${rows}) as v(a integer, h timestamptz, n integer) join articles on articles.id = v.a
          group by 1, 2
          on conflict (article_id, day) do update set views = article_view_days.views + excluded.views`.execute(db)
        await sql`insert into article_counters (article_id, views)
          select v.a, sum(v.n) from jsonb_to_recordset(${rows}) as v(a integer, h timestamptz, n integer) join articles on articles.id = v.a
          group by 1
          on conflict (article_id) do update set views = article_counters.views + excluded.views, updated_at = now()`.execute(db)
      }
      if (batch.shares.length) {
        const rows = json(batch.shares.map((s) => ({ a: s.articleId, k: s.kind, n: s.n })))
        await sql`insert into article_share_counts (article_id, kind, shares)
          select v.a, v.k, v.n from jsonb_to_recordset(${rows}) as v(a integer, k text, n integer) join articles on articles.id = v.a
          on conflict (article_id, kind) do update set shares = article_share_counts.shares + excluded.shares`.execute(db)
        await sql`insert into article_counters (article_id, shares)
          select v.a, sum(v.n) from jsonb_to_recordset(${rows}) as v(a integer, k text, n integer) join articles on articles.id = v.a
          group by 1
          on conflict (article_id) do update set shares = article_counters.shares + excluded.shares, updated_at = now()`.execute(db)
      }
      if (batch.clicks.length) {
        const rows = json(batch.clicks.map((c) => ({ l: c.linkId, n: c.n })))
        await sql`update short_links set clicks = short_links.clicks + v.n
          from jsonb_to_recordset(${rows}) as v(l integer, n integer) where short_links.id = v.l`.execute(db)
      }
      return true
    },

    /** Totals for these articles: imported starting values plus what was counted here. */
    async getCounts(articleIds: number[]): Promise<Map<number, ArticleCounts>> {
      const out = new Map<number, ArticleCounts>()
      if (articleIds.length === 0) return out
      const rows = await db
        .selectFrom('articles as a')
        .leftJoin('article_counters as c', 'c.article_id', 'a.id')
        .select(['a.id', 'a.base_view_count', 'a.base_comment_count', 'c.views', 'c.comments', 'c.shares'])
        .where('a.id', 'in', articleIds)
        .execute()
      for (const r of rows) {
        out.set(r.id, {
          articleId: r.id,
          views: r.base_view_count + Number(r.views ?? 0),
          comments: r.base_comment_count + Number(r.comments ?? 0),
          shares: Number(r.shares ?? 0),
          sharesByKind: {},
        })
      }
      const kinds = await db.selectFrom('article_share_counts').select(['article_id', 'kind', 'shares']).where('article_id', 'in', articleIds).execute()
      for (const k of kinds) {
        const c = out.get(k.article_id)
        if (c) c.sharesByKind[k.kind] = Number(k.shares)
      }
      return out
    },

    /**
     * Sets the number of comments readers can see on an article (the discussion module calls this,
     * inside its own transaction, whenever a comment is approved, hidden or deleted).
     */
    async setCommentCount(articleId: number, count: number): Promise<void> {
      const n = Math.max(0, Math.trunc(count))
      await db
        .insertInto('article_counters')
        .values({ article_id: articleId, comments: n })
        .onConflict((oc) => oc.column('article_id').doUpdateSet({ comments: n, updated_at: now() }))
        .execute()
    },

    /** The most viewed published articles since `since` (hour buckets), optionally within sections. */
    async findMostRead(query: { editionId: number; since: Date; sectionIds?: number[]; limit: number }): Promise<MostReadEntry[]> {
      let q = db
        .selectFrom('article_view_hours as h')
        .innerJoin('articles as a', 'a.id', 'h.article_id')
        .select(['h.article_id', (eb) => eb.fn.sum<string>('h.views').as('views')])
        .where('h.hour', '>=', query.since)
        .where('a.status', '=', 'published')
        .where('a.edition_id', '=', query.editionId)
      if (query.sectionIds) q = q.where('a.section_id', 'in', query.sectionIds.length ? query.sectionIds : [-1])
      const rows = await q.groupBy('h.article_id').orderBy('views', 'desc').orderBy('h.article_id', 'desc').limit(query.limit).execute()
      return rows.map((r) => ({ articleId: r.article_id, views: Number(r.views) }))
    },

    /** Views per UTC day for one article, oldest first, days without views left out. */
    async findDailyViews(articleId: number, sinceDay: string): Promise<{ day: string; views: number }[]> {
      const rows = await db
        .selectFrom('article_view_days')
        .select(['day', 'views'])
        .where('article_id', '=', articleId)
        .where('day', '>=', sinceDay)
        .orderBy('day')
        .execute()
      return rows.map((r) => ({ day: r.day, views: Number(r.views) }))
    },

    /** Drops hour buckets and batch receipts older than needed ("most read" looks back a day). */
    async prune(hoursBefore: Date, batchesBefore: Date): Promise<void> {
      await db.deleteFrom('article_view_hours').where('hour', '<', hoursBefore).execute()
      await db.deleteFrom('counter_batches').where('applied_at', '<', batchesBefore).execute()
    },
  }
}

export type CounterStore = ReturnType<typeof createCounterStore>
