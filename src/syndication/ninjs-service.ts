import { sql, type Kysely } from 'kysely'
import type { EditionContexts } from '../content/edition-context.ts'
import { articlePath } from '../content/paths.ts'
import { createVersionStore } from '../content/version-store.ts'
import type { DB } from '../db/schema.ts'
import { articleToNinjs, type NinjsItem } from './ninjs.ts'

export interface NinjsDeps {
  db: Kysely<DB>
  editions: EditionContexts
  siteUrl: string
  now: () => Date
}

/** One page of the subscriber feed: items oldest first, and the cursor to ask for the next page with. */
export interface FeedPage {
  items: NinjsItem[]
  /** Pass as `since` to get what came after this page (the same value when nothing is new). */
  next: string
  more: boolean
}

/** A feed cursor is the number of the last change seen ("0" = from the beginning). */
export const FEED_CURSOR_PATTERN = '^(0|[1-9][0-9]{0,9})$'

/**
 * ninjs out: an article's live version as a ninjs item, and the subscriber feed of changes (every
 * published version, every unpublication as `pubstatus: canceled`) that subscribers page through
 * with a cursor.
 */
export function createNinjsService(deps: NinjsDeps) {
  const { db, siteUrl } = deps
  const versions = createVersionStore(db)
  const itemUri = (articleId: number) => `${siteUrl}/api/ninjs/items/${articleId}`

  /** The article's item at a version (or its last version, canceled). */
  async function build(articleId: number, version: number | null, pubstatus: 'usable' | 'canceled', at?: Date): Promise<NinjsItem | undefined> {
    const a = await db.selectFrom('articles').select(['id', 'edition_id', 'first_published_at', 'status']).where('id', '=', articleId).executeTakeFirst()
    if (!a) return undefined
    const number =
      version ??
      (
        await db
          .selectFrom('article_versions')
          .select((eb) => eb.fn.max('number').as('n'))
          .where('article_id', '=', articleId)
          .executeTakeFirst()
      )?.n
    if (!number) return undefined
    const v = await versions.getVersion(articleId, Number(number))
    if (!v) return undefined
    const ctx = await deps.editions.byId(a.edition_id)
    const firstPublishedAt = a.first_published_at ?? (v.content.firstPublishedAt ? new Date(v.content.firstPublishedAt) : v.publishedAt)
    const section = ctx.byId.get(v.content.section.id)
    const url = section ? siteUrl + articlePath(section, { firstPublishedAt, slug: v.content.slug }) : `${siteUrl}/`
    return articleToNinjs({
      articleId,
      uri: itemUri(articleId),
      url,
      siteUrl,
      siteName: ctx.edition.name,
      language: ctx.edition.locale,
      version: v.number,
      firstPublishedAt,
      versionCreated: at ?? v.publishedAt,
      pubstatus,
      content: v.content,
    })
  }

  return {
    itemUri,

    /** The published article's live version as ninjs; undefined when it is not published. */
    async current(articleId: number): Promise<NinjsItem | undefined> {
      const a = await db.selectFrom('articles').select('status').where('id', '=', articleId).executeTakeFirst()
      if (a?.status !== 'published') return undefined
      return build(articleId, null, 'usable')
    },

    /** Notes a change subscribers must hear of: a new published version, or a cancel. */
    async recordChange(articleId: number, pubstatus: 'usable' | 'canceled'): Promise<void> {
      const latest = await db
        .selectFrom('article_versions')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('article_id', '=', articleId)
        .executeTakeFirst()
      if (!latest?.n) return
      const last = await db
        .selectFrom('syndication_changes')
        .select(['pubstatus', 'version_number'])
        .where('article_id', '=', articleId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
      // the same state twice (a move announced after an update, say) is one change for subscribers
      if (last && last.pubstatus === pubstatus && last.version_number === Number(latest.n)) return
      await db
        .insertInto('syndication_changes')
        .values({ article_id: articleId, pubstatus, version_number: Number(latest.n), at: deps.now() })
        .execute()
    },

    /** Articles published without the feed hearing of it (demo content, imports): their live version joins the feed. */
    async backfill(signal?: AbortSignal): Promise<number> {
      // in batches, so each statement stays well inside the database deadline however large the import
      let made = 0
      while (!signal?.aborted) {
        const r = await sql`
          insert into syndication_changes (article_id, pubstatus, version_number, at)
          select a.id, 'usable', v.number, v.published_at
          from articles a
          join lateral (select number, published_at from article_versions where article_id = a.id order by number desc limit 1) v on true
          where a.status = 'published' and not exists (select 1 from syndication_changes c where c.article_id = a.id)
          order by v.published_at, a.id
          limit 2000`.execute(db)
        const n = Number(r.numAffectedRows ?? 0)
        made += n
        if (n < 2000) break
      }
      return made
    },

    /** The changes after `since`, oldest first, as ninjs items. */
    async feed(since: number, limit: number): Promise<FeedPage> {
      const rows = await db
        .selectFrom('syndication_changes')
        .select(['id', 'article_id', 'pubstatus', 'version_number', 'at'])
        .where('id', '>', since)
        .orderBy('id')
        .limit(limit + 1)
        .execute()
      const page = rows.slice(0, limit)
      const items: NinjsItem[] = []
      for (const r of page) {
        const item = await build(r.article_id, r.version_number, r.pubstatus, r.pubstatus === 'canceled' ? r.at : undefined)
        if (item) items.push(item)
      }
      return { items, next: String(page.at(-1)?.id ?? since), more: rows.length > limit }
    },
  }
}

export type NinjsService = ReturnType<typeof createNinjsService>
