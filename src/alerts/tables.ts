import type { ColumnType, Generated } from 'kysely'

/** Tables of the alerts module (migration 0020_push_alerts). */
export interface AlertTables {
  push_keys: PushKeysTable
  push_subscriptions: PushSubscriptionsTable
  push_alerts: PushAlertsTable
  push_deliveries: PushDeliveriesTable
}

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface PushKeysTable {
  id: Generated<boolean>
  public_key: string
  private_key: string
  created_at: Generated<Date>
}

export interface PushSubscriptionsTable {
  id: Generated<number>
  endpoint: string
  p256dh: string
  auth: string
  edition_id: number
  section_ids: ColumnType<number[], number[] | undefined, number[]>
  created_at: Generated<Date>
  last_sent_at: NullableTimestamp
}

export interface PushAlertsTable {
  id: Generated<number>
  edition_id: number
  section_id: number | null
  article_id: number | null
  entry_id: number | null
  title: string
  body: Generated<string>
  url: string
  sent_by: number | null
  created_at: Timestamp
  expires_at: Timestamp
  recipients: Generated<number>
}

export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'expired' | 'gone'

export interface PushDeliveriesTable {
  id: Generated<string | number>
  alert_id: number
  subscription_id: number | null
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>
  attempts: Generated<number>
  next_attempt_at: Timestamp
  last_status: number | null
  last_error: string | null
  sent_at: NullableTimestamp
}
