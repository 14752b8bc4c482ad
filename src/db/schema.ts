import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { AccountTables } from '../accounts/tables.ts'
import type { NewsroomTables } from '../newsroom/tables.ts'
import type { CounterTables } from '../counters/tables.ts'
import type { LinksTables } from '../links/tables.ts'
import type { LiveTables } from '../live/types.ts'
import type { DiscussionTables } from '../discussion/tables.ts'
import type { MediaTables } from '../media/tables.ts'
import type { SyndicationTables } from '../syndication/tables.ts'
import type { ImportTables } from '../importers/tables.ts'
import type { LiveBlogTables } from '../liveblog/tables.ts'
import type { AlertTables } from '../alerts/tables.ts'
import type { MailTables } from '../mail/tables.ts'

/**
 * Row types of the database, one interface per table, kept in step with migrations/. Each module
 * declares its own tables (`XTables`) and the database type is their union.
 */
export interface DB
  extends
    ContentTables,
    AccountTables,
    NewsroomTables,
    LinksTables,
    CounterTables,
    LiveTables,
    DiscussionTables,
    MediaTables,
    SyndicationTables,
    ImportTables,
    LiveBlogTables,
    AlertTables,
    MailTables {
  schema_migrations: SchemaMigrationsTable
}

/** Tables of the content model (migration 0001). */
export interface ContentTables {
  editions: EditionsTable
  sections: SectionsTable
  people: PeopleTable
  tags: TagsTable
  articles: ArticlesTable
  article_tags: ArticleTagsTable
  article_authors: ArticleAuthorsTable
  article_related: ArticleRelatedTable
  article_corrections: ArticleCorrectionsTable
  article_aliases: ArticleAliasesTable
  section_aliases: SectionAliasesTable
  article_working_copies: ArticleWorkingCopiesTable
  article_versions: ArticleVersionsTable
  translation_groups: TranslationGroupsTable
  account_editions: AccountEditionsTable
}

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

/** A published article's pending edits (migration 0011): readers keep seeing the article row. */
export interface ArticleWorkingCopiesTable {
  article_id: number
  snapshot: ColumnType<unknown, string, string>
  base_version: number
  state: Generated<'editing' | 'review'>
  scheduled_for: NullableTimestamp
  scheduled_note: string | null
  scheduled_by: number | null
  version: number
  created_at: CreatedAt
  modified_at: UpdatedAt
  modified_by: number | null
}

/** Published versions (migration 0011): immutable, hash-chained; written by append_article_version(). */
export interface ArticleVersionsTable {
  id: Generated<number>
  article_id: number
  number: number
  kind: 'publish' | 'republish' | 'update' | 'correction' | 'import' | 'migration'
  published_at: Date
  published_by: number | null
  note: string
  record: unknown
  content_hash: string
  previous_hash: string | null
}

export interface SchemaMigrationsTable {
  version: number
  name: string
  checksum: string
  applied_at: Generated<Date>
}

export interface EditionsTable {
  id: Generated<number>
  code: string
  name: string
  locale: string
  time_zone: Generated<string>
  search_config: Generated<string>
  created_at: CreatedAt
  /** Migration 0015: language, region, direction, digits, date style, slugs, default and order. */
  language: Generated<string>
  region: string | null
  direction: Generated<'ltr' | 'rtl'>
  numbering_system: Generated<string>
  date_style: Generated<'wire' | 'long' | 'numeric'>
  slug_style: Generated<'unicode' | 'ascii'>
  is_default: Generated<boolean>
  position: Generated<number>
}

export interface TranslationGroupsTable {
  id: Generated<number>
  original_article_id: number
  created_at: CreatedAt
}

export interface AccountEditionsTable {
  account_id: number
  edition_id: number
}

export interface SectionsTable {
  id: Generated<number>
  edition_id: number
  parent_id: number | null
  slug: string
  name: string
  description: Generated<string>
  position: Generated<number>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface PeopleTable {
  id: Generated<number>
  display_name: string
  slug: string | null
  email: string | null
  bio: Generated<string>
  created_at: CreatedAt
}

export interface TagsTable {
  id: Generated<number>
  edition_id: number
  slug: string
  name: string
}

export type ArticleStatus = 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished'

export interface ArticlesTable {
  id: Generated<number>
  edition_id: number
  /** The story's translations in other editions (migration 0015). */
  translation_group_id: number | null
  section_id: number
  slug: string
  headline: string
  headline_needs_review: Generated<boolean>
  lead: Generated<string>
  dateline_place: string | null
  dateline_date_text: string | null
  dateline_agency: string | null
  body: ColumnType<unknown, string, string>
  status: Generated<ArticleStatus>
  first_published_at: NullableTimestamp
  published_at: NullableTimestamp
  updated_at: NullableTimestamp
  scheduled_for: NullableTimestamp
  base_comment_count: Generated<number>
  base_view_count: Generated<number>
  source_key: string | null
  created_at: CreatedAt
  modified_at: UpdatedAt
  created_by: number | null
  version: Generated<number>
}

export interface ArticleTagsTable {
  article_id: number
  tag_id: number
  position: Generated<number>
}

export interface ArticleAuthorsTable {
  article_id: number
  person_id: number
  position: Generated<number>
}

export interface ArticleRelatedTable {
  article_id: number
  position: number
  target_article_id: number | null
  headline: string | null
}

export interface ArticleCorrectionsTable {
  id: Generated<number>
  article_id: number
  text: string
  created_at: CreatedAt
  created_by: number | null
  /** The version readers were shown when it was corrected (migration 0011). */
  corrects_version: number | null
}

export interface ArticleAliasesTable {
  section_id: number
  slug: string
  article_id: number
  created_at: CreatedAt
}

export interface SectionAliasesTable {
  edition_id: number
  path: string
  section_id: number
  created_at: CreatedAt
}

export type ArticleRow = Selectable<ArticlesTable>
export type NewArticleRow = Insertable<ArticlesTable>
export type ArticleRowUpdate = Updateable<ArticlesTable>
export type SectionRow = Selectable<SectionsTable>
export type EditionRow = Selectable<EditionsTable>
export type PersonRow = Selectable<PeopleTable>
