import type { ColumnType, Generated } from 'kysely'

/** Tables of the links module (migration 0006_short_links). */
export interface LinksTables {
  short_links: ShortLinksTable
}

export interface ShortLinksTable {
  id: Generated<number>
  code: string
  kind: 'article' | 'url'
  article_id: number | null
  target_url: string | null
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  clicks: ColumnType<number, number | undefined, number>
  created_by: number | null
  created_at: ColumnType<Date, Date | string | undefined, never>
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}
