import type { Kysely } from 'kysely'
import type { PublishedCursor } from '../content/article-store.ts'
import { EditionNotFoundError, subtreeIds, type EditionContext, type EditionContexts } from '../content/edition-context.ts'
import { articlePath, sectionPath } from '../content/paths.ts'
import { findArticleExtras, findPublishedArticles, findPublishedAuthors, findPublishedTags, type PublishedArticleRow } from '../content/public-queries.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { renderBody } from '../web/body.ts'
import { encodeCursor } from '../web/format.ts'
import { formatDateline } from '../web/view-models.ts'
import type { ArticleField } from './content-api-schemas.ts'

/** A result of the Content API and the cache tags of what it shows. */
export interface ApiResult<T> {
  body: T
  tags: string[]
}

export interface ArticleFilters {
  edition?: string | undefined
  section?: string | undefined
  tag?: string | undefined
  author?: string | undefined
  before?: PublishedCursor | undefined
  limit: number
  fields: readonly ArticleField[]
}

/** The Content API's reads: published articles, sections, tags, authors and editions as plain JSON. */
export function createContentApi(deps: { db: Kysely<DB>; editions: EditionContexts; siteUrl: string }) {
  const { db, siteUrl } = deps

  const edition = async (code: string | undefined): Promise<EditionContext> => {
    try {
      return await deps.editions.get(code ?? (await deps.editions.list()).find((e) => e.isDefault)?.code)
    } catch (e) {
      if (e instanceof EditionNotFoundError) throw new AppError('NOT_FOUND', { message: `There is no edition "${code}".` })
      throw e
    }
  }

  async function present(rows: PublishedArticleRow[], fields: readonly ArticleField[]): Promise<Record<string, unknown>[]> {
    const want = new Set(fields)
    const extras =
      want.has('tags') || want.has('authors') || want.has('corrections')
        ? await findArticleExtras(
            db,
            rows.map((r) => r.id),
          )
        : undefined
    const contexts = new Map<number, EditionContext>()
    for (const r of rows) if (!contexts.has(r.editionId)) contexts.set(r.editionId, await deps.editions.byId(r.editionId))
    return rows.map((r) => {
      const ctx = contexts.get(r.editionId)!
      const section = ctx.byId.get(r.sectionId)
      const path = section ? articlePath(section, r) : undefined
      const x = extras?.get(r.id)
      const all: Record<ArticleField, () => unknown> = {
        url: () => siteUrl + (path ?? '/'),
        edition: () => ctx.edition.code,
        section: () => (section ? { id: section.id, path: section.path, name: section.name } : undefined),
        slug: () => r.slug,
        headline: () => r.headline,
        lead: () => r.lead,
        dateline: () => r.dateline,
        authors: () => x?.authors ?? [],
        tags: () => x?.tags ?? [],
        firstPublishedAt: () => r.firstPublishedAt.toISOString(),
        publishedAt: () => r.publishedAt.toISOString(),
        updatedAt: () => r.updatedAt?.toISOString() ?? null,
        corrections: () => (x?.corrections ?? []).map((c) => ({ at: c.at.toISOString(), text: c.text })),
        body: () => r.body,
        bodyHtml: () => renderBody(r.body, formatDateline(r.dateline), ctx.edition.locale).value,
        ninjsUrl: () => (path ? `${siteUrl}${path}.ninjs` : undefined),
      }
      const out: Record<string, unknown> = { id: r.id }
      for (const f of fields) {
        const v = all[f]()
        if (v !== undefined) out[f] = v
      }
      return out
    })
  }

  return {
    async articles(f: ArticleFilters): Promise<ApiResult<{ articles: Record<string, unknown>[]; next: string | null }>> {
      const ctx = await edition(f.edition)
      let sectionIds: number[] | undefined
      if (f.section !== undefined) {
        const section = ctx.sections.find((s) => s.path === f.section)
        if (!section) throw new AppError('SECTION_NOT_FOUND', { message: `The edition "${ctx.edition.code}" has no section "${f.section}".` })
        sectionIds = subtreeIds(ctx.sections, section)
      }
      const rows = await findPublishedArticles(db, {
        editionId: ctx.edition.id,
        sectionIds,
        tagSlug: f.tag,
        authorSlug: f.author,
        before: f.before,
        limit: f.limit + 1,
      })
      const page = rows.slice(0, f.limit)
      const last = page.at(-1)
      return {
        body: { articles: await present(page, f.fields), next: rows.length > f.limit && last ? encodeCursor(last) : null },
        // any publication or change may enter the list; each article listed may change
        tags: ['feeds', ...page.map((r) => `article:${r.id}`)],
      }
    },

    async article(id: number, fields: readonly ArticleField[]): Promise<ApiResult<{ article: Record<string, unknown> }>> {
      const [row] = await findPublishedArticles(db, { ids: [id], limit: 1 })
      if (!row) throw new AppError('ARTICLE_NOT_FOUND')
      return { body: { article: (await present([row], fields))[0]! }, tags: [`article:${id}`] }
    },

    async sections(code: string | undefined) {
      const ctx = await edition(code)
      return {
        body: {
          sections: ctx.sections.map((s) => ({
            id: s.id,
            parentId: s.parentId,
            slug: s.slug,
            path: s.path,
            name: s.name,
            description: s.description,
            position: s.position,
            url: siteUrl + sectionPath(s),
          })),
        },
        // sections change through events that invalidate everything ('*')
        tags: [`sections:${ctx.edition.id}`],
      }
    },

    async tags(code: string | undefined) {
      const ctx = await edition(code)
      return { body: { tags: await findPublishedTags(db, ctx.edition.id, ctx.edition.locale) }, tags: ['feeds'] }
    },

    async authors() {
      // everyone's names, in the default edition's alphabetical order
      return { body: { authors: await findPublishedAuthors(db, (await edition(undefined)).edition.locale) }, tags: ['feeds'] }
    },

    async editions() {
      const list = await deps.editions.list()
      return {
        body: {
          editions: list.map((e) => ({
            code: e.code,
            name: e.name,
            locale: e.locale,
            language: e.language,
            direction: e.direction,
            timeZone: e.timeZone,
            isDefault: e.isDefault,
            url: `${siteUrl}${e.prefix}/`,
          })),
        },
        tags: ['editions'],
      }
    },
  }
}

export type ContentApi = ReturnType<typeof createContentApi>
