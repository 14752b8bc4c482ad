import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

import type { StaffRole } from '../http/permissions.ts'

export { STAFF_ROLES, type StaffRole } from '../http/permissions.ts'

/** Tables of accounts, sessions, API tokens and the audit log (migration 0003); tokens, recovery codes and devices (0019). */
export interface AccountTables {
  accounts: {
    id: Generated<number>
    kind: 'staff' | 'reader'
    email: string
    display_name: string
    password_hash: string
    role: StaffRole | null
    person_id: number | null
    disabled_at: NullableTime
    created_at: CreatedAt
    updated_at: UpdatedAt
    last_sign_in_at: NullableTime
    email_verified_at: NullableTime
    must_change_password: Generated<boolean>
    notify_new_device: Generated<boolean>
    totp_secret: string | null
    totp_pending_secret: string | null
    totp_enabled_at: NullableTime
    totp_last_step: number | null
    interface_language: Generated<string | null>
  }
  account_tokens: {
    id_hash: string
    account_id: number
    purpose: 'verify_email' | 'reset_password' | 'second_factor'
    email: Generated<string>
    created_at: CreatedAt
    expires_at: ColumnType<Date, Date | string, Date | string>
    used_at: NullableTime
    failures: Generated<number>
  }
  recovery_codes: {
    id: Generated<number>
    account_id: number
    code_hash: string
    created_at: CreatedAt
    used_at: NullableTime
  }
  sessions: {
    id_hash: string
    account_id: number
    csrf_token: string
    created_at: CreatedAt
    last_seen_at: UpdatedAt
    expires_at: ColumnType<Date, Date | string, Date | string>
    user_agent: Generated<string>
  }
  api_tokens: {
    id: Generated<number>
    account_id: number
    name: string
    token_hash: string
    prefix: string
    created_at: CreatedAt
    last_used_at: NullableTime
    revoked_at: NullableTime
    scopes: ColumnType<string[], string[] | undefined, string[]>
    expires_at: NullableTime
    revoked_reason: ColumnType<string | null, string | null | undefined, string | null>
  }
  known_devices: {
    token_hash: string
    account_id: number
    created_at: CreatedAt
    last_used_at: UpdatedAt
    user_agent: Generated<string>
  }
  audit_log: {
    id: Generated<number>
    at: CreatedAt
    actor_id: number | null
    action: string
    subject_type: string
    subject_id: string
    detail: ColumnType<unknown, string | undefined, string>
  }
}
