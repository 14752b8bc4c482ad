import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'
import { newCode } from './codes.ts'

/** A short link as stored. */
export interface ShortLink {
  id: number
  code: string
  kind: 'article' | 'url'
  articleId: number | null
  targetUrl: string | null
  expiresAt: Date | null
  clicks: number
  createdBy: number | null
  createdAt: Date
  deletedAt: Date | null
}

/** Where a code leads: the article's current place (resolved at redirect time) or a URL. */
export interface LinkTarget {
  link: ShortLink
  article?: { id: number; status: string; slug: string; firstPublishedAt: Date | null; sectionId: number; editionId: number }
}

type Row = {
  id: number
  code: string
  kind: 'article' | 'url'
  article_id: number | null
  target_url: string | null
  expires_at: Date | null
  clicks: number | string
  created_by: number | null
  created_at: Date
  deleted_at: Date | null
}

const toLink = (r: Row): ShortLink => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  articleId: r.article_id,
  targetUrl: r.target_url,
  expiresAt: r.expires_at,
  clicks: Number(r.clicks),
  createdBy: r.created_by,
  createdAt: r.created_at,
  deletedAt: r.deleted_at,
})

const MAX_ATTEMPTS = 8

/** Short links: article codes, editors' links to other URLs, and their click totals. */
export function createLinkStore(db: Queryable, generate: () => string = newCode) {
  return {
    async getLink(id: number): Promise<ShortLink | undefined> {
      const row = await db.selectFrom('short_links').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toLink(row)
    },

    /** The link with this code and, for an article link, the article's current slug and section. */
    async getTargetByCode(code: string): Promise<LinkTarget | undefined> {
      const row = await db
        .selectFrom('short_links as l')
        .leftJoin('articles as a', 'a.id', 'l.article_id')
        .selectAll('l')
        .select(['a.status as a_status', 'a.slug as a_slug', 'a.first_published_at as a_first', 'a.section_id as a_section', 'a.edition_id as a_edition'])
        .where('l.code', '=', code)
        .executeTakeFirst()
      if (!row) return undefined
      const link = toLink(row)
      if (row.a_status === null || row.a_slug === null || row.a_section === null || row.a_edition === null || link.articleId === null) return { link }
      return {
        link,
        article: {
          id: link.articleId,
          status: row.a_status,
          slug: row.a_slug,
          firstPublishedAt: row.a_first,
          sectionId: row.a_section,
          editionId: row.a_edition,
        },
      }
    },

    /** The code of each of these articles that has one. */
    async getArticleCodes(articleIds: number[]): Promise<Map<number, string>> {
      if (articleIds.length === 0) return new Map()
      const rows = await db.selectFrom('short_links').select(['article_id', 'code']).where('article_id', 'in', articleIds).execute()
      return new Map(rows.map((r) => [r.article_id!, r.code]))
    },

    /**
     * The article's code, made on first call. Random codes under a unique constraint: a collision
     * (or another node making the same article's code at the same moment) is resolved by retrying.
     */
    async ensureArticleCode(articleId: number, now: Date): Promise<string> {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const existing = (await this.getArticleCodes([articleId])).get(articleId)
        if (existing) return existing
        const inserted = await db
          .insertInto('short_links')
          .values({ code: generate(), kind: 'article', article_id: articleId, created_at: now })
          .onConflict((oc) => oc.doNothing())
          .returning('code')
          .executeTakeFirst()
        if (inserted) return inserted.code
      }
      throw new Error(`could not make a unique short code for article ${articleId}`)
    },

    /** Published articles that have no code yet (content loaded straight into the database). */
    async findPublishedWithoutCode(limit: number): Promise<number[]> {
      const rows = await db
        .selectFrom('articles as a')
        .select('a.id')
        .where('a.status', '=', 'published')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('short_links as l').select(sql.lit(1).as('one')).whereRef('l.article_id', '=', 'a.id'))))
        .orderBy('a.id')
        .limit(limit)
        .execute()
      return rows.map((r) => r.id)
    },

    /** A short link to any URL, made by an editor; retried on the rare code collision. */
    async createLink(input: { targetUrl: string; expiresAt: Date | null; createdBy: number | null; now: Date }): Promise<ShortLink> {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const row = await db
          .insertInto('short_links')
          .values({
            code: generate(),
            kind: 'url',
            target_url: input.targetUrl,
            expires_at: input.expiresAt,
            created_by: input.createdBy,
            created_at: input.now,
          })
          .onConflict((oc) => oc.column('code').doNothing())
          .returningAll()
          .executeTakeFirst()
        if (row) return toLink(row)
      }
      throw new Error('could not make a unique short code')
    },

    /** Editors' links (not article codes), newest first, deleted ones left out. */
    async findLinks(query: { limit: number; beforeId?: number }): Promise<ShortLink[]> {
      let q = db.selectFrom('short_links').selectAll().where('kind', '=', 'url').where('deleted_at', 'is', null)
      if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId)
      const rows = await q.orderBy('id', 'desc').limit(query.limit).execute()
      return rows.map(toLink)
    },

    async updateLink(id: number, patch: { expiresAt: Date | null }): Promise<ShortLink | undefined> {
      const row = await db
        .updateTable('short_links')
        .set({ expires_at: patch.expiresAt })
        .where('id', '=', id)
        .where('kind', '=', 'url')
        .where('deleted_at', 'is', null)
        .returningAll()
        .executeTakeFirst()
      return row && toLink(row)
    },

    /** Retires a link: it stops redirecting and its code is never given out again. */
    async deleteLink(id: number, now: Date): Promise<boolean> {
      const r = await db
        .updateTable('short_links')
        .set({ deleted_at: now })
        .where('id', '=', id)
        .where('kind', '=', 'url')
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      return Number(r.numUpdatedRows) > 0
    },
  }
}

export type LinkStore = ReturnType<typeof createLinkStore>
