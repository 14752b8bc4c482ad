import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

export type ImportKind = 'author' | 'category' | 'tag' | 'post' | 'page' | 'attachment' | 'comment' | 'commenter'

/** Tables of the importers (migration 0019_imports). */
export interface ImportTables {
  import_items: {
    source: string
    kind: ImportKind
    source_id: string
    local_id: number
    content_hash: string
    imported_at: Timestamp
    updated_at: Timestamp
  }
  redirects: {
    path: string
    article_id: number | null
    section_id: number | null
    source: ColumnType<string, string | undefined, string>
    created_at: Timestamp
  }
}
