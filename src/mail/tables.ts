import type { ColumnType, Generated } from 'kysely'

type Time = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export type MailStatus = 'queued' | 'sent' | 'failed' | 'not_sent'

/** The outgoing mail queue, which is also the mail log (migration 0019). */
export interface MailTables {
  mail_queue: {
    id: Generated<number>
    kind: string
    to_address: string
    subject: string
    text_body: string
    html_body: string
    status: Generated<MailStatus>
    attempts: Generated<number>
    next_attempt_at: Time
    locked_until: NullableTime
    last_error: string | null
    message_id: string | null
    created_at: Time
    sent_at: NullableTime
  }
}
