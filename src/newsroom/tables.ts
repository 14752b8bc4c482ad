import type { ColumnType, Generated } from 'kysely'

export type RevisionKind = 'save' | 'autosave' | 'restore' | 'import' | 'publish' | 'update' | 'discard'

/** Tables of the newsroom (migration 0004); it also adds articles.created_by and articles.version. */
export interface NewsroomTables {
  newsroom_notifications: {
    id: Generated<number>
    account_id: number
    kind: 'submitted' | 'returned' | 'published' | 'changes-submitted' | 'changes-returned' | 'updated' | 'wire-updated' | 'wire-killed'
    article_id: number
    actor_id: number | null
    created_at: ColumnType<Date, Date | string | undefined, never>
    read_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  }
  article_revisions: {
    id: Generated<number>
    article_id: number
    number: number
    created_at: ColumnType<Date, Date | string | undefined, Date | string>
    author_id: number | null
    kind: RevisionKind
    snapshot: ColumnType<unknown, string, string>
    /** Which copy the save was made to: the article row, or a published article's working copy (0011). */
    copy: Generated<'article' | 'working'>
  }
}
