import { LRUCache } from 'lru-cache'
import { createArticleStore } from '../content/article-store.ts'
import type { Article, ArticleSummary, Edition, Section } from '../content/types.ts'
import type { Queryable } from '../db/types.ts'
import type { EventBus } from '../events.ts'
import { articlePath } from '../web/format.ts'
import { findAutomaticRelated } from './related-store.ts'

/** One line of the "Related" list: a link, or an editor's headline with no article behind it yet. */
export interface RelatedLink {
  headline: string
  href: string | undefined
  /** Chosen by an editor (true) or found automatically (false). */
  pinned: boolean
  /** The article it links to (for cache invalidation when that article changes). */
  articleId?: number
}

/** The list holds the editor's pins, then automatic matches until it has this many lines. */
export const RELATED_LENGTH = 6
/** Cached lists expire anyway after this long: other nodes publish without telling this one. */
const CACHE_TTL_MS = 10 * 60_000

interface Context {
  edition: Edition
  sections: Section[]
  byId: Map<number, Section>
}

/** Sections whose articles count as neighbours: the parent, the siblings and the children. */
function familyOf(section: Section, sections: Section[]): number[] {
  return sections
    .filter(
      (s) => s.id !== section.id && (s.id === section.parentId || (section.parentId !== null && s.parentId === section.parentId) || s.parentId === section.id),
    )
    .map((s) => s.id)
}

/**
 * Related articles for an article page: pins first (a headline-only pin links to the matching
 * article once one is published), then automatic matches. Computed once per article and cached;
 * any publication, change or section move clears the cache.
 */
export function createRelatedService(deps: { db: Queryable; events?: EventBus; length?: number }) {
  const { db } = deps
  const length = deps.length ?? RELATED_LENGTH
  const articles = createArticleStore(db)

  async function automatic(a: Article, ctx: Context, limit: number): Promise<ArticleSummary[]> {
    const section = ctx.byId.get(a.sectionId)
    if (!section || !a.publishedAt || limit <= 0) return []
    const tags = await articles.getTags(a.id)
    const scored = await findAutomaticRelated(
      db,
      {
        id: a.id,
        editionId: a.editionId,
        sectionId: a.sectionId,
        publishedAt: a.publishedAt,
        headline: a.headline,
        searchConfig: ctx.edition.searchConfig,
        tagNames: tags.map((t) => t.name),
        familySectionIds: familyOf(section, ctx.sections),
      },
      limit,
    )
    const summaries = new Map((await articles.getSummaries(scored.map((s) => s.id))).map((s) => [s.id, s]))
    return scored.map((s) => summaries.get(s.id)).filter((s): s is ArticleSummary => s !== undefined)
  }

  async function compute(a: Article, ctx: Context): Promise<RelatedLink[]> {
    const pins = await articles.getRelated(a.id)
    const targets = await articles.getSummaries(pins.map((p) => p.targetArticleId).filter((id): id is number => id !== null && id !== a.id))
    const byHeadline = await articles.findPublishedByHeadlines(
      ctx.edition.id,
      pins.filter((p) => p.targetArticleId === null && p.headline).map((p) => p.headline!),
    )
    const shown = new Set<number>([a.id])
    const links: RelatedLink[] = []
    for (const p of pins) {
      const target =
        (p.targetArticleId !== null ? targets.find((t) => t.id === p.targetArticleId) : undefined) ??
        (p.headline ? byHeadline.find((t) => t.id !== a.id && t.headline.toLowerCase() === p.headline!.toLowerCase()) : undefined)
      const targetSection = target && ctx.byId.get(target.sectionId)
      if (target && targetSection) {
        if (shown.has(target.id)) continue
        shown.add(target.id)
        links.push({ headline: target.headline, href: articlePath(targetSection, target), pinned: true, articleId: target.id })
      } else if (p.headline) links.push({ headline: p.headline, href: undefined, pinned: true })
    }
    const wanted = length - links.length
    if (wanted > 0) {
      for (const r of await automatic(a, ctx, wanted + shown.size)) {
        const s = ctx.byId.get(r.sectionId)
        if (!s || shown.has(r.id) || links.length >= length) continue
        shown.add(r.id)
        links.push({ headline: r.headline, href: articlePath(s, r), pinned: false, articleId: r.id })
      }
    }
    return links
  }

  const cache = new LRUCache<number, RelatedLink[], { article: Article; ctx: Context }>({
    max: 5000,
    ttl: CACHE_TTL_MS,
    fetchMethod: (_id, _stale, { context }) => compute(context.article, context.ctx),
  })
  const clear = () => cache.clear()
  const unsubscribe = deps.events
    ? [deps.events.on('article.published', clear), deps.events.on('article.changed', clear), deps.events.on('sections.changed', clear)]
    : []

  return {
    /** The "Related" list of a published article's page. */
    async forArticle(a: Article, ctx: Context): Promise<RelatedLink[]> {
      return (await cache.fetch(a.id, { context: { article: a, ctx } })) ?? []
    },
    /** Automatic matches alone, best first (no pins, no cache). */
    automatic,
    /** Forgets every cached list. */
    clear,
    close() {
      for (const u of unsubscribe) u()
    },
  }
}

export type RelatedService = ReturnType<typeof createRelatedService>
