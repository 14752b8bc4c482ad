import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'
import type { Body } from './blocks.ts'
import type { Dateline } from './types.ts'

export type VersionKind = 'publish' | 'republish' | 'update' | 'correction' | 'import' | 'migration'

/** Exactly what readers were shown of an article in one published version. */
export interface VersionContent {
  headline: string
  lead: string
  dateline: Dateline | null
  body: Body
  section: { id: number; name: string }
  slug: string
  firstPublishedAt: string | null
  tags: string[]
  bylines: { id: number; name: string }[]
  related: { articleId: number | null; headline: string | null }[]
  corrections: { at: string; text: string; correctsVersion: number | null }[]
}

/** One published version, as listed on the article's Versions page. */
export interface VersionSummary {
  number: number
  kind: VersionKind
  publishedAt: Date
  publishedBy: string | null
  note: string
  contentHash: string
}

export interface Version extends VersionSummary {
  content: VersionContent
  previousHash: string | null
}

/** A break in an article's chain of versions, as verify-history reports it. */
export interface ChainProblem {
  articleId: number
  number: number | null
  problem: string
}

interface VersionRecord {
  article: number
  number: number
  kind: VersionKind
  publishedAt: string
  publishedBy: { id: number; name: string } | null
  note: string
  content: VersionContent
  previousHash: string | null
}

/**
 * The published record of articles: immutable, hash-chained versions (migration 0011). Versions
 * are written only by the database function append_article_version(), which snapshots the live
 * tables, so a version is exactly what the public pages were showing.
 */
export function createVersionStore(db: Queryable) {
  return {
    /** Appends the article's next version from its live state. Call inside the transaction that changed it. */
    async appendVersion(articleId: number, v: { kind: VersionKind; at: Date; by: number | null; note: string }): Promise<VersionSummary> {
      const note = v.note.replace(/\s+/g, ' ').trim().slice(0, 300)
      const r = await sql<{
        number: number
        kind: VersionKind
        published_at: Date
        note: string
        content_hash: string
      }>`select number, kind, published_at, note, content_hash from append_article_version(${articleId}, ${v.kind}, ${v.at}, ${v.by}, ${note})`.execute(db)
      const row = r.rows[0]!
      return { number: row.number, kind: row.kind, publishedAt: row.published_at, publishedBy: null, note: row.note, contentHash: row.content_hash }
    },

    /** An article's versions, oldest first. */
    async listVersions(articleId: number): Promise<VersionSummary[]> {
      const rows = await db
        .selectFrom('article_versions as v')
        .leftJoin('accounts as a', 'a.id', 'v.published_by')
        .select(['v.number', 'v.kind', 'v.published_at', 'v.note', 'v.content_hash', 'a.display_name'])
        .where('v.article_id', '=', articleId)
        .orderBy('v.number')
        .execute()
      return rows.map((r) => ({
        number: r.number,
        kind: r.kind,
        publishedAt: r.published_at,
        publishedBy: r.display_name,
        note: r.note,
        contentHash: r.content_hash,
      }))
    },

    /** One version with its content. */
    async getVersion(articleId: number, number: number): Promise<Version | undefined> {
      const r = await db
        .selectFrom('article_versions')
        .select(['number', 'kind', 'published_at', 'note', 'record', 'content_hash', 'previous_hash'])
        .where('article_id', '=', articleId)
        .where('number', '=', number)
        .executeTakeFirst()
      if (!r) return undefined
      const record = r.record as VersionRecord
      return {
        number: r.number,
        kind: r.kind,
        publishedAt: r.published_at,
        publishedBy: record.publishedBy?.name ?? null,
        note: r.note,
        contentHash: r.content_hash,
        previousHash: r.previous_hash,
        content: record.content,
      }
    },

    /** How many versions each article has (an article updated since its first publication shows a Versions link). */
    async countVersions(articleIds: number[]): Promise<Map<number, number>> {
      if (articleIds.length === 0) return new Map()
      const rows = await db
        .selectFrom('article_versions')
        .select(['article_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('article_id', 'in', articleIds)
        .groupBy('article_id')
        .execute()
      return new Map(rows.map((r) => [r.article_id, Number(r.n)]))
    },

    /**
     * Checks every chain (or one article's): each version's hash is the SHA-256 of its record,
     * its record names it (article, number, previous hash), numbers run 1, 2, 3… and each version
     * names the hash of the one before. Published articles without any version are reported too.
     */
    async verify(options: { articleId?: number } = {}): Promise<{ articles: number; versions: number; problems: ChainProblem[] }> {
      let q = db
        .selectFrom('article_versions')
        .select([
          'article_id',
          'number',
          'content_hash',
          'previous_hash',
          'record',
          sql<string>`encode(sha256(convert_to(record::text, 'UTF8')), 'hex')`.as('computed'),
        ])
        .orderBy('article_id')
        .orderBy('number')
      if (options.articleId !== undefined) q = q.where('article_id', '=', options.articleId)
      const rows = await q.execute()
      const problems: ChainProblem[] = []
      let previous: (typeof rows)[number] | undefined
      const articles = new Set<number>()
      for (const r of rows) {
        articles.add(r.article_id)
        const record = r.record as Partial<VersionRecord>
        const first = previous?.article_id !== r.article_id
        const expectedNumber = first ? 1 : previous!.number + 1
        const expectedPrevious = first ? null : previous!.content_hash
        const say = (problem: string) => problems.push({ articleId: r.article_id, number: r.number, problem })
        if (r.computed !== r.content_hash) say('its content does not match its hash: the stored version was changed')
        if (r.number !== expectedNumber) say(`expected version ${expectedNumber} here: a version is missing`)
        if (r.previous_hash !== expectedPrevious || (record.previousHash ?? null) !== expectedPrevious)
          say('it does not name the hash of the version before it')
        if (record.article !== r.article_id || record.number !== r.number) say('its record names another article or number')
        previous = r
      }
      let orphans = db
        .selectFrom('articles')
        .select('id')
        .where('status', '=', 'published')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('article_versions as v').select('v.id').whereRef('v.article_id', '=', 'articles.id'))))
      if (options.articleId !== undefined) orphans = orphans.where('id', '=', options.articleId)
      for (const o of await orphans.execute()) problems.push({ articleId: o.id, number: null, problem: 'it is published but has no published version' })
      return { articles: articles.size, versions: rows.length, problems }
    },
  }
}

export type VersionStore = ReturnType<typeof createVersionStore>
