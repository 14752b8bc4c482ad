import { sql } from 'kysely'
import type { ArticleRow, ArticleStatus } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'
import type { Body, ImageBlock } from './blocks.ts'
import type { Article, ArticleSummary, Correction, Dateline, Person, RelatedPin, Tag } from './types.ts'

/** The columns an Article is made of (not the search vector, which is big and only for search). */
export const ARTICLE_COLUMNS = [
  'id',
  'edition_id',
  'section_id',
  'slug',
  'headline',
  'headline_needs_review',
  'lead',
  'dateline_place',
  'dateline_date_text',
  'dateline_agency',
  'body',
  'status',
  'first_published_at',
  'published_at',
  'updated_at',
  'scheduled_for',
  'base_comment_count',
  'base_view_count',
  'source_key',
  'created_at',
  'modified_at',
  'created_by',
  'version',
] as const

export function toArticle(r: Pick<ArticleRow, (typeof ARTICLE_COLUMNS)[number]>): Article {
  return {
    id: r.id,
    editionId: r.edition_id,
    sectionId: r.section_id,
    slug: r.slug,
    headline: r.headline,
    headlineNeedsReview: r.headline_needs_review,
    lead: r.lead,
    dateline: r.dateline_place ? { place: r.dateline_place, dateText: r.dateline_date_text, agency: r.dateline_agency } : null,
    body: (r.body ?? []) as Body,
    status: r.status,
    firstPublishedAt: r.first_published_at,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    scheduledFor: r.scheduled_for,
    baseCommentCount: r.base_comment_count,
    baseViewCount: r.base_view_count,
    sourceKey: r.source_key,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
    createdBy: r.created_by,
    version: r.version,
  }
}

export interface ArticleFields {
  editionId: number
  sectionId: number
  slug: string
  headline: string
  headlineNeedsReview?: boolean
  lead?: string
  dateline?: Dateline | null
  body?: Body
  status?: ArticleStatus
  firstPublishedAt?: Date | null
  publishedAt?: Date | null
  updatedAt?: Date | null
  scheduledFor?: Date | null
  baseCommentCount?: number
  baseViewCount?: number
  sourceKey?: string | null
  createdBy?: number | null
}

function toRow(f: Partial<ArticleFields>) {
  const row: Record<string, unknown> = {}
  if (f.editionId !== undefined) row.edition_id = f.editionId
  if (f.sectionId !== undefined) row.section_id = f.sectionId
  if (f.slug !== undefined) row.slug = f.slug
  if (f.headline !== undefined) row.headline = f.headline
  if (f.headlineNeedsReview !== undefined) row.headline_needs_review = f.headlineNeedsReview
  if (f.lead !== undefined) row.lead = f.lead
  if (f.dateline !== undefined) {
    row.dateline_place = f.dateline?.place ?? null
    row.dateline_date_text = f.dateline?.dateText ?? null
    row.dateline_agency = f.dateline?.agency ?? null
  }
  if (f.body !== undefined) row.body = JSON.stringify(f.body)
  if (f.status !== undefined) row.status = f.status
  if (f.firstPublishedAt !== undefined) row.first_published_at = f.firstPublishedAt
  if (f.publishedAt !== undefined) row.published_at = f.publishedAt
  if (f.updatedAt !== undefined) row.updated_at = f.updatedAt
  if (f.scheduledFor !== undefined) row.scheduled_for = f.scheduledFor
  if (f.baseCommentCount !== undefined) row.base_comment_count = f.baseCommentCount
  if (f.baseViewCount !== undefined) row.base_view_count = f.baseViewCount
  if (f.sourceKey !== undefined) row.source_key = f.sourceKey
  if (f.createdBy !== undefined) row.created_by = f.createdBy
  return row
}

/** Keyset cursor for newest-first lists: the last item's publish time and id. */
export interface PublishedCursor {
  publishedAt: Date
  id: number
}

/** The article's lead picture: its body's first image block (docs/adr/0012-pictures.md), read by the database. */
const LEAD_IMAGE = sql<ImageBlock | null>`jsonb_path_query_first(body, '$[*] ? (@.type == "image")')`.as('lead_image')
const SUMMARY_COLUMNS = ['id', 'section_id', 'slug', 'headline', 'lead', 'first_published_at', 'published_at', 'updated_at', LEAD_IMAGE] as const

function toSummary(
  r: Pick<ArticleRow, 'id' | 'section_id' | 'slug' | 'headline' | 'lead' | 'first_published_at' | 'published_at' | 'updated_at'> & {
    lead_image: ImageBlock | null
  },
): ArticleSummary {
  return {
    leadImage: r.lead_image ?? undefined,
    id: r.id,
    sectionId: r.section_id,
    slug: r.slug,
    headline: r.headline,
    lead: r.lead,
    firstPublishedAt: r.first_published_at!,
    publishedAt: r.published_at!,
    updatedAt: r.updated_at,
  }
}

/** Articles and what hangs off them: tags, authors, related pins, corrections, old URLs. */
export function createArticleStore(db: Queryable, now: () => Date = () => new Date()) {
  // timestamps come from the clock the store is given (services pass theirs; tests a fixed one)
  return {
    async getArticle(id: number): Promise<Article | undefined> {
      const row = await db.selectFrom('articles').select(ARTICLE_COLUMNS).where('id', '=', id).executeTakeFirst()
      return row && toArticle(row)
    },

    async getArticleBySourceKey(sourceKey: string): Promise<Article | undefined> {
      const row = await db.selectFrom('articles').select(ARTICLE_COLUMNS).where('source_key', '=', sourceKey).executeTakeFirst()
      return row && toArticle(row)
    },

    /** The article at (section, slug), or the one that used to be there; `moved` says which. */
    async findArticleBySlug(sectionId: number, slug: string): Promise<{ article: Article; moved: boolean } | undefined> {
      const row = await db.selectFrom('articles').select(ARTICLE_COLUMNS).where('section_id', '=', sectionId).where('slug', '=', slug).executeTakeFirst()
      if (row) return { article: toArticle(row), moved: false }
      const alias = await db
        .selectFrom('article_aliases')
        .innerJoin('articles', 'articles.id', 'article_aliases.article_id')
        .select(ARTICLE_COLUMNS.map((c) => `articles.${c}` as const))
        .where('article_aliases.section_id', '=', sectionId)
        .where('article_aliases.slug', '=', slug)
        .executeTakeFirst()
      return alias ? { article: toArticle(alias), moved: true } : undefined
    },

    /** Published articles, newest first, optionally within sections, after a keyset cursor. */
    async findPublished(query: {
      editionId: number
      sectionIds?: number[]
      before?: PublishedCursor
      limit: number
      excludeIds?: number[]
      /** Only articles with this tag (a tag page). */
      tagId?: number
      /** Only articles with this person in the byline (an author page). */
      personId?: number
    }): Promise<ArticleSummary[]> {
      let q = db.selectFrom('articles').select(SUMMARY_COLUMNS).where('edition_id', '=', query.editionId).where('status', '=', 'published')
      if (query.sectionIds) q = q.where('section_id', 'in', query.sectionIds.length ? query.sectionIds : [-1])
      const { tagId, personId } = query
      if (tagId !== undefined) q = q.where('id', 'in', db.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId))
      if (personId !== undefined) q = q.where('id', 'in', db.selectFrom('article_authors').select('article_id').where('person_id', '=', personId))
      if (query.excludeIds?.length) q = q.where('id', 'not in', query.excludeIds)
      if (query.before) {
        const { publishedAt, id } = query.before
        q = q.where((eb) => eb.or([eb('published_at', '<', publishedAt), eb.and([eb('published_at', '=', publishedAt), eb('id', '<', id)])]))
      }
      const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute()
      return rows.map(toSummary)
    },

    /** The newest few published articles of each of the given sections (and their children). */
    async findLatestPerSection(editionId: number, groups: { key: number; sectionIds: number[] }[], perSection: number): Promise<Map<number, ArticleSummary[]>> {
      const result = new Map<number, ArticleSummary[]>()
      await Promise.all(
        groups.map(async (g) => {
          result.set(g.key, await this.findPublished({ editionId, sectionIds: g.sectionIds, limit: perSection }))
        }),
      )
      return result
    },

    async getSummaries(ids: number[]): Promise<ArticleSummary[]> {
      if (ids.length === 0) return []
      const rows = await db.selectFrom('articles').select(SUMMARY_COLUMNS).where('id', 'in', ids).where('status', '=', 'published').execute()
      return rows.map(toSummary)
    },

    /** Published articles whose headline matches one of these (case-insensitively), newest first. */
    async findPublishedByHeadlines(editionId: number, headlines: string[]): Promise<ArticleSummary[]> {
      if (headlines.length === 0) return []
      const rows = await db
        .selectFrom('articles')
        .select(SUMMARY_COLUMNS)
        .where('edition_id', '=', editionId)
        .where('status', '=', 'published')
        .where(
          sql<string>`lower(headline)`,
          'in',
          headlines.map((h) => h.toLowerCase()),
        )
        .orderBy('published_at', 'desc')
        .execute()
      return rows.map(toSummary)
    },

    async createArticle(fields: ArticleFields): Promise<Article> {
      const row = await db
        .insertInto('articles')
        .values(toRow(fields) as never)
        .returning(ARTICLE_COLUMNS)
        .executeTakeFirstOrThrow()
      return toArticle(row)
    },

    /** Updates fields; a published article's old (section, slug) keeps redirecting. */
    async updateArticle(id: number, patch: Partial<ArticleFields>): Promise<Article> {
      const before = await this.getArticle(id)
      if (!before) throw new Error(`article ${id} not found`)
      const row = await db
        .updateTable('articles')
        .set((eb) => ({ ...toRow(patch), modified_at: now(), version: eb('version', '+', 1) }) as never)
        .where('id', '=', id)
        .returning(ARTICLE_COLUMNS)
        .executeTakeFirstOrThrow()
      const after = toArticle(row)
      if (before.firstPublishedAt && (before.slug !== after.slug || before.sectionId !== after.sectionId)) {
        await db
          .insertInto('article_aliases')
          .values({ section_id: before.sectionId, slug: before.slug, article_id: id })
          .onConflict((oc) => oc.columns(['section_id', 'slug']).doUpdateSet({ article_id: id }))
          .execute()
      }
      // The new place is no longer an alias of anything.
      await db.deleteFrom('article_aliases').where('section_id', '=', after.sectionId).where('slug', '=', after.slug).execute()
      return after
    },

    async slugTaken(sectionId: number, slug: string, exceptId?: number): Promise<boolean> {
      let q = db.selectFrom('articles').select('id').where('section_id', '=', sectionId).where('slug', '=', slug)
      if (exceptId !== undefined) q = q.where('id', '<>', exceptId)
      return (await q.executeTakeFirst()) !== undefined
    },

    async setTags(articleId: number, tagIds: number[]): Promise<void> {
      await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute()
      if (tagIds.length) {
        await db
          .insertInto('article_tags')
          .values([...new Set(tagIds)].map((tag_id, position) => ({ article_id: articleId, tag_id, position })))
          .execute()
      }
    },

    async setAuthors(articleId: number, personIds: number[]): Promise<void> {
      await db.deleteFrom('article_authors').where('article_id', '=', articleId).execute()
      if (personIds.length) {
        await db
          .insertInto('article_authors')
          .values([...new Set(personIds)].map((person_id, position) => ({ article_id: articleId, person_id, position })))
          .execute()
      }
    },

    async setRelated(articleId: number, pins: { targetArticleId?: number | null; headline?: string | null }[]): Promise<void> {
      await db.deleteFrom('article_related').where('article_id', '=', articleId).execute()
      if (pins.length) {
        await db
          .insertInto('article_related')
          .values(
            pins.map((p, position) => ({
              article_id: articleId,
              position,
              target_article_id: p.targetArticleId ?? null,
              headline: p.headline ?? null,
            })),
          )
          .execute()
      }
    },

    /** Tags, authors and corrections of an article in one round trip (the article page needs all three). */
    async getPageExtras(articleId: number): Promise<{ tags: Tag[]; authors: Person[]; corrections: Correction[] }> {
      const r = await sql<{ tags: Tag[]; authors: Person[]; corrections: { id: number; text: string; createdAt: string; correctsVersion: number | null }[] }>`
        select
          coalesce((select json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name) order by x.position)
            from article_tags x join tags t on t.id = x.tag_id where x.article_id = ${articleId}), '[]') as tags,
          coalesce((select json_agg(json_build_object('id', p.id, 'displayName', p.display_name, 'slug', p.slug) order by x.position)
            from article_authors x join people p on p.id = x.person_id where x.article_id = ${articleId}), '[]') as authors,
          coalesce((select json_agg(json_build_object('id', c.id, 'text', c.text, 'createdAt', c.created_at, 'correctsVersion', c.corrects_version) order by c.created_at, c.id)
            from article_corrections c where c.article_id = ${articleId}), '[]') as corrections`.execute(db)
      const row = r.rows[0]!
      return {
        tags: row.tags,
        authors: row.authors,
        corrections: row.corrections.map((c) => ({ id: c.id, text: c.text, createdAt: new Date(c.createdAt), correctsVersion: c.correctsVersion ?? null })),
      }
    },

    async getTags(articleId: number): Promise<Tag[]> {
      return db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select(['tags.id', 'tags.slug', 'tags.name'])
        .where('article_tags.article_id', '=', articleId)
        .orderBy('article_tags.position')
        .execute()
    },

    async getAuthors(articleId: number): Promise<Person[]> {
      const rows = await db
        .selectFrom('article_authors')
        .innerJoin('people', 'people.id', 'article_authors.person_id')
        .select(['people.id', 'people.display_name', 'people.slug'])
        .where('article_authors.article_id', '=', articleId)
        .orderBy('article_authors.position')
        .execute()
      return rows.map((r) => ({ id: r.id, displayName: r.display_name, slug: r.slug }))
    },

    async getRelated(articleId: number): Promise<RelatedPin[]> {
      const rows = await db
        .selectFrom('article_related')
        .select(['position', 'target_article_id', 'headline'])
        .where('article_id', '=', articleId)
        .orderBy('position')
        .execute()
      return rows.map((r) => ({ position: r.position, targetArticleId: r.target_article_id, headline: r.headline }))
    },

    async getCorrections(articleId: number): Promise<Correction[]> {
      const rows = await db
        .selectFrom('article_corrections')
        .select(['id', 'text', 'created_at', 'corrects_version'])
        .where('article_id', '=', articleId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map((r) => ({ id: r.id, text: r.text, createdAt: r.created_at, correctsVersion: r.corrects_version }))
    },

    /** Adds a correction; `correctsVersion` is the published version readers were shown when it was made. */
    async createCorrection(articleId: number, text: string, at: Date, createdBy?: number, correctsVersion?: number): Promise<Correction> {
      const row = await db
        .insertInto('article_corrections')
        .values({ article_id: articleId, text, created_at: at, created_by: createdBy ?? null, corrects_version: correctsVersion ?? null })
        .returning(['id', 'text', 'created_at', 'corrects_version'])
        .executeTakeFirstOrThrow()
      return { id: row.id, text: row.text, createdAt: row.created_at, correctsVersion: row.corrects_version }
    },

    /** An article's headline, whatever its status. */
    async getHeadline(id: number): Promise<string | undefined> {
      return (await db.selectFrom('articles').select('headline').where('id', '=', id).executeTakeFirst())?.headline
    },

    /** True when the article exists and readers can see it. */
    async isPublished(id: number): Promise<boolean> {
      return (await db.selectFrom('articles').select('id').where('id', '=', id).where('status', '=', 'published').executeTakeFirst()) !== undefined
    },

    /** What other modules mention of several articles: headline, where, status, first publication. */
    async getRefs(ids: number[]): Promise<ArticleRefRow[]> {
      if (ids.length === 0) return []
      const rows = await db
        .selectFrom('articles')
        .select(['id', 'edition_id', 'section_id', 'slug', 'headline', 'status', 'first_published_at'])
        .where('id', 'in', [...new Set(ids)])
        .execute()
      return rows.map((r) => ({
        id: r.id,
        editionId: r.edition_id,
        sectionId: r.section_id,
        slug: r.slug,
        headline: r.headline,
        status: r.status,
        firstPublishedAt: r.first_published_at,
      }))
    },

    /** The section, tag slugs and author slugs of an article (the feeds that carry it). */
    async getFeedKeys(id: number): Promise<{ sectionId: number | undefined; tagSlugs: string[]; authorSlugs: string[] }> {
      const [row, tags, people] = await Promise.all([
        db.selectFrom('articles').select(['section_id']).where('id', '=', id).executeTakeFirst(),
        db
          .selectFrom('article_tags')
          .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
          .select('tags.slug')
          .where('article_tags.article_id', '=', id)
          .execute(),
        db
          .selectFrom('article_authors')
          .innerJoin('people', 'people.id', 'article_authors.person_id')
          .select('people.slug')
          .where('article_authors.article_id', '=', id)
          .execute(),
      ])
      return { sectionId: row?.section_id, tagSlugs: tags.map((t) => t.slug), authorSlugs: people.flatMap((p) => (p.slug ? [p.slug] : [])) }
    },

    async countArticles(): Promise<number> {
      const r = await db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      return Number(r.n)
    },
  }
}

export type ArticleStore = ReturnType<typeof createArticleStore>

/** An article as other modules mention it. */
export interface ArticleRefRow {
  id: number
  editionId: number
  sectionId: number
  slug: string
  headline: string
  status: ArticleStatus
  firstPublishedAt: Date | null
}
