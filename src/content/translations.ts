import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'
import { AppError } from '../errors.ts'
import { articlePath } from './paths.ts'

/** One version of a story in an edition: what "Read in" and hreflang link to. */
export interface Translation {
  articleId: number
  editionId: number
  editionName: string
  /** BCP 47 locale of its edition: the hreflang. */
  locale: string
  language: string
  isDefaultEdition: boolean
  headline: string
  /** Its public path (with its edition's prefix), when it is published. */
  path: string | undefined
  isOriginal: boolean
}

/**
 * Translations: the same story in several editions, as a group with an original. Owned by the
 * content module (articles.translation_group_id, translation_groups).
 */
export function createTranslationStore(db: Queryable) {
  return {
    /** Every article in the story's group (itself included), the original first; [] when it has none. */
    async findTranslations(articleId: number): Promise<Translation[]> {
      const rows = await sql<{
        id: number
        edition_id: number
        edition_name: string
        locale: string
        language: string
        is_default: boolean
        code: string
        headline: string
        slug: string
        status: string
        first_published_at: Date | null
        section_path: string | null
        original_article_id: number
      }>`
        with recursive me as (select translation_group_id as g from articles where id = ${articleId}),
        paths(id, path) as (
          select s.id, s.slug::text from sections s where s.parent_id is null
          union all
          select c.id, p.path || '/' || c.slug from sections c join paths p on c.parent_id = p.id
        )
        select a.id, a.edition_id, e.name as edition_name, e.locale, e.language, e.is_default, e.code, a.headline, a.slug, a.status,
               a.first_published_at, paths.path as section_path, g.original_article_id
        from me
        join articles a on a.translation_group_id = me.g
        join translation_groups g on g.id = me.g
        join editions e on e.id = a.edition_id
        left join paths on paths.id = a.section_id
        where me.g is not null
        order by (a.id = g.original_article_id) desc, e.is_default desc, e.position, e.id`.execute(db)
      return rows.rows.map((r) => ({
        articleId: r.id,
        editionId: r.edition_id,
        editionName: r.edition_name,
        locale: r.locale,
        language: r.language,
        isDefaultEdition: r.is_default,
        headline: r.headline,
        path:
          r.status === 'published' && r.first_published_at && r.section_path
            ? articlePath({ path: r.section_path, prefix: r.is_default ? '' : `/${r.code}` }, { firstPublishedAt: r.first_published_at, slug: r.slug })
            : undefined,
        isOriginal: r.id === r.original_article_id,
      }))
    },

    /**
     * Links `translationId` to `articleId`'s story: they join one group (the group of whichever has
     * one, with its original; else a new group whose original is `articleId`). One article per
     * edition in a group.
     */
    async linkTranslation(articleId: number, translationId: number): Promise<void> {
      if (articleId === translationId)
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'articleId', message: 'An article cannot be its own translation.' }] })
      const both = await db
        .selectFrom('articles')
        .select(['id', 'edition_id', 'translation_group_id'])
        .where('id', 'in', [articleId, translationId])
        .forUpdate()
        .execute()
      const a = both.find((x) => x.id === articleId)
      const b = both.find((x) => x.id === translationId)
      if (!a || !b) throw new AppError('ARTICLE_NOT_FOUND', { message: 'One of those articles does not exist.' })
      if (a.edition_id === b.edition_id)
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'articleId', message: 'A translation must be in another edition.' }] })
      if (a.translation_group_id !== null && b.translation_group_id !== null && a.translation_group_id !== b.translation_group_id) {
        throw new AppError('CONFLICT', { message: 'Both articles already have translations of their own: unlink one first.' })
      }
      const group =
        a.translation_group_id ??
        b.translation_group_id ??
        (await db.insertInto('translation_groups').values({ original_article_id: articleId }).returning('id').executeTakeFirstOrThrow()).id
      const clash = await db
        .selectFrom('articles')
        .select('id')
        .where('translation_group_id', '=', group)
        .where('edition_id', '=', (a.translation_group_id === group ? b : a).edition_id)
        .where('id', 'not in', [articleId, translationId])
        .executeTakeFirst()
      if (clash) throw new AppError('CONFLICT', { message: `That story already has a translation in this edition (article ${clash.id}).` })
      await db.updateTable('articles').set({ translation_group_id: group }).where('id', 'in', [articleId, translationId]).execute()
    },

    /** Takes an article out of its story's group (the group goes when one article is left). */
    async unlinkTranslation(articleId: number): Promise<void> {
      const row = await db.selectFrom('articles').select('translation_group_id').where('id', '=', articleId).executeTakeFirst()
      const group = row?.translation_group_id
      if (!group) return
      await db.updateTable('articles').set({ translation_group_id: null }).where('id', '=', articleId).execute()
      const rest = await db.selectFrom('articles').select('id').where('translation_group_id', '=', group).orderBy('first_published_at').orderBy('id').execute()
      if (rest.length <= 1) {
        await db.updateTable('articles').set({ translation_group_id: null }).where('translation_group_id', '=', group).execute()
        await db.deleteFrom('translation_groups').where('id', '=', group).execute()
      } else {
        await db
          .updateTable('translation_groups')
          .set({ original_article_id: rest[0]!.id })
          .where('id', '=', group)
          .where('original_article_id', '=', articleId)
          .execute()
      }
    },
  }
}
