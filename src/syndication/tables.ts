import type { ColumnType, Generated } from 'kysely'

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

export type KeyScope = 'content' | 'feed' | 'wire'
export const KEY_SCOPES: readonly KeyScope[] = ['content', 'feed', 'wire']

/** Tables of the syndication module (migrations 0019–0021). */
export interface SyndicationTables {
  syndication_keys: SyndicationKeysTable
  syndication_changes: SyndicationChangesTable
  webhook_endpoints: WebhookEndpointsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
  wire_items: WireItemsTable
  wire_item_versions: WireItemVersionsTable
}

export type WireSource = 'push' | 'folder' | 'poll'
export type WirePubstatus = 'usable' | 'withheld' | 'canceled'

export interface WireItemsTable {
  id: Generated<number>
  uri: string
  agency: string
  version: string
  versions: Generated<number>
  urgency: number | null
  headline: string
  located: string | null
  body_text: string
  embargoed: NullableTimestamp
  pubstatus: WirePubstatus
  version_created: NullableTimestamp
  received_at: ColumnType<Date, Date | string, never>
  updated_at: ColumnType<Date, Date | string, Date | string>
  source: WireSource
  ninjs: ColumnType<unknown, string, string>
  article_id: number | null
  used_as: 'draft' | 'published' | null
}

export interface WireItemVersionsTable {
  id: Generated<number>
  item_id: number
  version: string
  pubstatus: WirePubstatus
  ninjs: ColumnType<unknown, string, never>
  received_at: ColumnType<Date, Date | string, never>
}

export type WebhookEvent = 'article.published' | 'article.updated' | 'article.unpublished' | 'comment.approved'
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ['article.published', 'article.updated', 'article.unpublished', 'comment.approved']

export interface WebhookEndpointsTable {
  id: Generated<number>
  url: string
  description: Generated<string>
  secret: string
  events: WebhookEvent[]
  active: Generated<boolean>
  created_by: number | null
  created_at: CreatedAt
}

export interface WebhookDeliveriesTable {
  id: Generated<number>
  endpoint_id: number
  event: WebhookEvent
  payload: string
  status: Generated<'pending' | 'delivered' | 'failed'>
  attempts: Generated<number>
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>
  last_status: number | null
  last_error: string | null
  created_at: CreatedAt
  delivered_at: NullableTimestamp
}

export interface WebhookAttemptsTable {
  id: Generated<number>
  delivery_id: number
  at: ColumnType<Date, Date | string, never>
  status_code: number | null
  error: string | null
  duration_ms: number
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
