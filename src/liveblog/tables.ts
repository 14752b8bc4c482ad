import type { ColumnType, Generated } from 'kysely'

/** Tables of the live-blog module (migration 0019_live_blogs). */
export interface LiveBlogTables {
  live_blogs: LiveBlogsTable
  live_entries: LiveEntriesTable
  live_entry_revisions: LiveEntryRevisionsTable
}

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
type Json = ColumnType<unknown, string, string>

export interface LiveBlogsTable {
  article_id: number
  started_at: ColumnType<Date, Date | string | undefined, Date | string>
  ended_at: NullableTimestamp
  started_by: number | null
  ended_by: number | null
}

export interface LiveEntriesTable {
  id: Generated<number>
  article_id: number
  body: Json
  title: Generated<string>
  pinned: Generated<boolean>
  author_id: number | null
  author_name: Generated<string>
  posted_at: Timestamp
  edited_at: NullableTimestamp
  deleted_at: NullableTimestamp
  revision: Generated<number>
  /** bigint: read as a string by pg, a number by PGlite; cast in queries. */
  change_seq: ColumnType<string | number, never, never>
}

export type EntryAction = 'posted' | 'edited' | 'pinned' | 'unpinned' | 'deleted'

export interface LiveEntryRevisionsTable {
  entry_id: number
  revision: number
  action: EntryAction
  body: Json
  title: string
  pinned: boolean
  by_account: number | null
  at: Timestamp
}
