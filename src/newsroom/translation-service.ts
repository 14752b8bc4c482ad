import { createTranslationStore, type Translation } from '../content/translations.ts'
import { AppError } from '../errors.ts'
import type { Principal } from '../http/permissions.ts'
import type { NewsroomContext } from './context.ts'
import { mayWorkIn } from './edition-admin.ts'

/**
 * Linking a story's versions in other editions ("Read in", hreflang, JSON-LD workTranslation), for
 * the admin API and the newsroom's Translations page alike: the editor must work in the editions of
 * both articles, one version per edition, and every page that shows the group is rendered again.
 */
export function createTranslationService(ctx: Pick<NewsroomContext, 'db' | 'events'>) {
  /** The articles exist and this person works in each one's edition. */
  const mayLink = async (ids: number[], who: Principal) => {
    const rows = await ctx.db.selectFrom('articles').select(['id', 'edition_id', 'section_id']).where('id', 'in', ids).execute()
    if (rows.length !== new Set(ids).size) throw new AppError('ARTICLE_NOT_FOUND', { message: 'One of those articles does not exist.' })
    for (const r of rows)
      if (!(await mayWorkIn(ctx.db, who, r.edition_id)))
        throw new AppError('FORBIDDEN', { message: 'You do not work in the edition of one of those articles.' })
    return rows
  }
  /** Pages that show "Read in" and hreflang for these articles are rendered again. */
  const changed = async (ids: number[]) => {
    if (!ids.length) return
    const rows = await ctx.db
      .selectFrom('articles')
      .select(['id', 'section_id'])
      .where('id', 'in', [...new Set(ids)])
      .execute()
    for (const r of rows) await ctx.events.emit('article.changed', { articleId: r.id, sectionId: r.section_id, reason: 'updated' })
  }
  return {
    /** The story's versions (this one included, the original first); [] when it has none. A missing article is a 404. */
    async list(articleId: number): Promise<Translation[]> {
      const found = await ctx.db.selectFrom('articles').select('id').where('id', '=', articleId).executeTakeFirst()
      if (!found) throw new AppError('ARTICLE_NOT_FOUND')
      return createTranslationStore(ctx.db).findTranslations(articleId)
    },

    /** Links `translationId` (another edition's article) into `articleId`'s story. */
    async link(articleId: number, translationId: number, who: Principal): Promise<Translation[]> {
      await mayLink([articleId, translationId], who)
      await ctx.db.transaction().execute((trx) => createTranslationStore(trx).linkTranslation(articleId, translationId))
      const group = await createTranslationStore(ctx.db).findTranslations(articleId)
      await changed([articleId, translationId, ...group.map((x) => x.articleId)])
      return group
    },

    /** Takes `articleId` out of its story's group (the others stay linked to each other). */
    async unlink(articleId: number, who: Principal): Promise<void> {
      await mayLink([articleId], who)
      const before = (await createTranslationStore(ctx.db).findTranslations(articleId)).map((x) => x.articleId)
      await ctx.db.transaction().execute((trx) => createTranslationStore(trx).unlinkTranslation(articleId))
      await changed(before)
    },
  }
}
