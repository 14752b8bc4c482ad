import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Block } from '../content/blocks.ts'
import type { DB } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'
import type { EntryAction } from './tables.ts'

/** A live blog: an article whose page carries entries. */
export interface LiveBlog {
  articleId: number
  startedAt: Date
  endedAt: Date | null
}

/** One entry as stored (deleted ones too: `deletedAt` set). */
export interface LiveEntry {
  id: number
  articleId: number
  body: Block[]
  title: string
  pinned: boolean
  authorId: number | null
  authorName: string
  postedAt: Date
  editedAt: Date | null
  deletedAt: Date | null
  revision: number
  changeSeq: number
}

export interface EntryRevision {
  revision: number
  action: EntryAction
  body: Block[]
  title: string
  pinned: boolean
  byAccount: number | null
  byName: string | null
  at: Date
}

type EntryRow = {
  id: number
  article_id: number
  body: unknown
  title: string
  pinned: boolean
  author_id: number | null
  author_name: string
  posted_at: Date
  edited_at: Date | null
  deleted_at: Date | null
  revision: number
  change_seq: number | string
}

const parseBody = (v: unknown): Block[] => (typeof v === 'string' ? (JSON.parse(v) as Block[]) : (v as Block[]))

const toEntry = (r: EntryRow): LiveEntry => ({
  id: r.id,
  articleId: r.article_id,
  body: parseBody(r.body),
  title: r.title,
  pinned: r.pinned,
  authorId: r.author_id,
  authorName: r.author_name,
  postedAt: r.posted_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
  revision: r.revision,
  changeSeq: Number(r.change_seq),
})

/** What an edit may change; `expectRevision` refuses the edit when someone else changed the entry first. */
export interface EntryChange {
  body?: Block[]
  title?: string
  pinned?: boolean
  deleted?: boolean
}

/** Live blogs and their entries; every change to an entry appends a revision in the same transaction. */
export function createEntryStore(db: Kysely<DB>) {
  const entries = (q: Queryable) => q.selectFrom('live_entries').selectAll()

  async function appendRevision(trx: Queryable, e: LiveEntry, action: EntryAction, by: number | null, at: Date) {
    await trx
      .insertInto('live_entry_revisions')
      .values({ entry_id: e.id, revision: e.revision, action, body: JSON.stringify(e.body), title: e.title, pinned: e.pinned, by_account: by, at })
      .execute()
  }

  return {
    async getLiveBlog(articleId: number): Promise<LiveBlog | undefined> {
      const r = await db.selectFrom('live_blogs').selectAll().where('article_id', '=', articleId).executeTakeFirst()
      return r && { articleId: r.article_id, startedAt: r.started_at, endedAt: r.ended_at }
    },

    /** Makes the article a live blog (again: an ended one reopens). */
    async startLiveBlog(articleId: number, by: number | null, at: Date): Promise<LiveBlog> {
      const r = await db
        .insertInto('live_blogs')
        .values({ article_id: articleId, started_at: at, started_by: by })
        .onConflict((oc) => oc.column('article_id').doUpdateSet({ ended_at: null, ended_by: null }))
        .returningAll()
        .executeTakeFirstOrThrow()
      return { articleId: r.article_id, startedAt: r.started_at, endedAt: r.ended_at }
    },

    async endLiveBlog(articleId: number, by: number | null, at: Date): Promise<void> {
      await db.updateTable('live_blogs').set({ ended_at: at, ended_by: by }).where('article_id', '=', articleId).where('ended_at', 'is', null).execute()
    },

    async createEntry(o: {
      articleId: number
      body: Block[]
      title: string
      pinned: boolean
      authorId: number | null
      authorName: string
      at: Date
    }): Promise<LiveEntry> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('live_entries')
          .values({
            article_id: o.articleId,
            body: JSON.stringify(o.body),
            title: o.title,
            pinned: o.pinned,
            author_id: o.authorId,
            author_name: o.authorName,
            posted_at: o.at,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        const e = toEntry(row as EntryRow)
        await appendRevision(trx, e, 'posted', o.authorId, o.at)
        return e
      })
    },

    /**
     * Changes an entry (text, key-event label, pin, deletion) and records the revision; undefined
     * when there is no such entry or it was deleted, 'conflict' when `expectRevision` is stale.
     */
    async changeEntry(
      id: number,
      change: EntryChange,
      o: { action: EntryAction; by: number | null; at: Date; expectRevision?: number | undefined },
    ): Promise<LiveEntry | 'conflict' | undefined> {
      return db.transaction().execute(async (trx) => {
        const current = await entries(trx).where('id', '=', id).forUpdate().executeTakeFirst()
        if (!current || current.deleted_at) return undefined
        if (o.expectRevision !== undefined && current.revision !== o.expectRevision) return 'conflict'
        const row = await trx
          .updateTable('live_entries')
          .set({
            ...(change.body ? { body: JSON.stringify(change.body) } : {}),
            ...(change.title !== undefined ? { title: change.title } : {}),
            ...(change.pinned !== undefined ? { pinned: change.pinned } : {}),
            // the words changed: readers see "updated" (a pin or a new label is not a correction)
            ...(change.body ? { edited_at: o.at } : {}),
            ...(change.deleted ? { deleted_at: o.at, pinned: false } : {}),
            revision: sql`revision + 1`,
            change_seq: sql`nextval('live_entry_change_seq')`,
          } as never)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow()
        const e = toEntry(row as EntryRow)
        await appendRevision(trx, e, o.action, o.by, o.at)
        return e
      })
    },

    async getEntry(id: number): Promise<LiveEntry | undefined> {
      const r = await entries(db).where('id', '=', id).executeTakeFirst()
      return r && toEntry(r as EntryRow)
    },

    /** Visible entries, newest first; `beforeId` pages into older ones. */
    async listEntries(articleId: number, o: { beforeId?: number | undefined; limit: number }): Promise<LiveEntry[]> {
      let q = entries(db).where('article_id', '=', articleId).where('deleted_at', 'is', null)
      if (o.beforeId !== undefined) q = q.where('id', '<', o.beforeId)
      const rows = await q.orderBy('id', 'desc').limit(o.limit).execute()
      return rows.map((r) => toEntry(r as EntryRow))
    },

    /** Pinned entries (key events), newest first. */
    async keyEvents(articleId: number, limit = 50): Promise<LiveEntry[]> {
      const rows = await entries(db)
        .where('article_id', '=', articleId)
        .where('deleted_at', 'is', null)
        .where('pinned', '=', true)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
      return rows.map((r) => toEntry(r as EntryRow))
    },

    /** Entries changed (posted, edited, pinned, deleted) after change number `seq`, in the order they changed. */
    async changesSince(articleId: number, seq: number, limit = 200): Promise<LiveEntry[]> {
      const rows = await entries(db)
        .where('article_id', '=', articleId)
        .where('change_seq', '>', seq as never)
        .orderBy('change_seq')
        .limit(limit)
        .execute()
      return rows.map((r) => toEntry(r as EntryRow))
    },

    /** The live blog's latest change number (0 before any entry). */
    async lastChange(articleId: number): Promise<number> {
      const r = await db
        .selectFrom('live_entries')
        .select((eb) => eb.fn.max<number | string | null>('change_seq').as('m'))
        .where('article_id', '=', articleId)
        .executeTakeFirst()
      return Number(r?.m ?? 0)
    },

    /** How many visible entries are newer than entry `id` (where it sits in the newest-first list). */
    async newerCount(articleId: number, id: number): Promise<number> {
      const r = await db
        .selectFrom('live_entries')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('article_id', '=', articleId)
        .where('deleted_at', 'is', null)
        .where('id', '>', id)
        .executeTakeFirst()
      return Number(r?.n ?? 0)
    },

    async countEntries(articleId: number): Promise<number> {
      const r = await db
        .selectFrom('live_entries')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('article_id', '=', articleId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      return Number(r?.n ?? 0)
    },

    /** Every revision of an entry, oldest first, with who made it. */
    async history(entryId: number): Promise<EntryRevision[]> {
      const rows = await db
        .selectFrom('live_entry_revisions as r')
        .leftJoin('accounts as a', 'a.id', 'r.by_account')
        .select(['r.revision', 'r.action', 'r.body', 'r.title', 'r.pinned', 'r.by_account', 'r.at', 'a.display_name'])
        .where('r.entry_id', '=', entryId)
        .orderBy('r.revision')
        .execute()
      return rows.map((r) => ({
        revision: r.revision,
        action: r.action,
        body: parseBody(r.body),
        title: r.title,
        pinned: r.pinned,
        byAccount: r.by_account,
        byName: r.display_name ?? null,
        at: r.at,
      }))
    },
  }
}

export type EntryStore = ReturnType<typeof createEntryStore>
