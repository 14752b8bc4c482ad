import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'deleted'

/** Tables of the discussion module (migrations 0005 and 0006). */
export interface DiscussionTables {
  discussion_settings: {
    id: Generated<number>
    settings: ColumnType<unknown, string | undefined, string>
    updated_at: UpdatedAt
    updated_by: number | null
  }
  community_standards: {
    /** An edition's standards: id = its edition id (migration 0017). */
    id: number
    edition_id: number
    intro: Generated<string>
    updated_at: UpdatedAt
    updated_by: number | null
  }
  standards_sections: {
    edition_id: number
    number: number
    title: string
    body: string
    retired: Generated<boolean>
    updated_at: UpdatedAt
    updated_by: number | null
  }
  article_discussions: {
    article_id: number
    comment_count: Generated<number>
    closed: boolean | null
    premoderated: Generated<boolean>
    updated_at: UpdatedAt
  }
  comment_idempotency_keys: {
    author_id: number
    key: string
    comment_id: number
    created_at: ColumnType<Date, Date | string | undefined, never>
  }
  comments: {
    id: Generated<number>
    article_id: number
    parent_id: number | null
    author_id: number
    body: string
    status: CommentStatus
    moderation_rule: string | null
    moderation_reason: string | null
    standards_section: number | null
    moderated_by: number | null
    like_count: Generated<number>
    reply_count: Generated<number>
    open_reports: Generated<number>
    created_at: CreatedAt
    edited_at: NullableTime
    status_changed_at: UpdatedAt
    listed: ColumnType<boolean, never, never>
  }
  comment_likes: {
    comment_id: number
    account_id: number
    created_at: CreatedAt
  }
  comment_reports: {
    id: Generated<number>
    comment_id: number
    reporter_id: number
    standards_section: number
    note: Generated<string>
    created_at: CreatedAt
    resolved_at: NullableTime
    resolved_by: number | null
  }
  discussion_readers: {
    account_id: number
    approved_count: Generated<number>
    rejected_count: Generated<number>
    banned: Generated<boolean>
    suspended_until: NullableTime
    sanction_reason: Generated<string>
    updated_at: UpdatedAt
  }
}
