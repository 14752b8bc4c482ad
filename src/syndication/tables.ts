import type { ColumnType, Generated } from 'kysely'

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

export type KeyScope = 'content' | 'feed' | 'wire'
export const KEY_SCOPES: readonly KeyScope[] = ['content', 'feed', 'wire']

/** Tables of the syndication module (migrations 0019–0021). */
export interface SyndicationTables {
  syndication_keys: SyndicationKeysTable
  syndication_changes: SyndicationChangesTable
}

export interface SyndicationKeysTable {
  id: Generated<number>
  name: string
  key_prefix: string
  key_hash: string
  scopes: KeyScope[]
  created_by: number | null
  created_at: CreatedAt
  revoked_at: NullableTimestamp
  last_used_at: NullableTimestamp
}

export interface SyndicationChangesTable {
  id: Generated<number>
  article_id: number
  pubstatus: 'usable' | 'canceled'
  version_number: number | null
  at: ColumnType<Date, Date | string | undefined, never>
}
