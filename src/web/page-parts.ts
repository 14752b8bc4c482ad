import type { EditionContext } from '../content/edition-context.ts'
import type { HtmlValue } from './html.ts'

/**
 * Fragments that other modules add to the public pages (the article toolbar with short link,
 * share and counters; "most read" lists), rendered per request beside the page's own view model.
 * The site module knows their places, not their content. Each receives what the page already
 * loaded (the edition and its sections), so a part never reads them again.
 */
export interface PageParts {
  /** Under the article's lead: tools and counters. */
  articleToolbar?(ctx: {
    editionId: number
    edition: EditionContext
    articleId: number
    headline: string
    canonicalUrl: string
    path: string
  }): Promise<HtmlValue>
  /** After the article's related list. */
  articleAside?(ctx: { editionId: number; edition: EditionContext; articleId: number }): Promise<HtmlValue>
  /**
   * The discussion at the foot of the article. `reader` is set only for a reader signed in with a
   * session, whose pages are rendered for them alone and never cached; anonymous renders may be.
   */
  articleDiscussion?(ctx: { editionId: number; edition: EditionContext; articleId: number; reader?: PageReader | undefined }): Promise<HtmlValue>
  /**
   * Live coverage of the article (live blogs): its entries after the body, head elements, the cache
   * tags of what it shows and what it adds to the article's JSON-LD (LiveBlogPosting). Undefined
   * for an ordinary article.
   */
  articleLive?(ctx: { editionId: number; edition: EditionContext; articleId: number; canonicalUrl: string }): Promise<ArticleLive | undefined>
  /** In the home page's side column. */
  homeAside?(ctx: { editionId: number; edition: EditionContext }): Promise<HtmlValue>
  /** After a section's list of articles. */
  sectionAside?(ctx: { editionId: number; edition: EditionContext; sectionIds: number[]; sectionName: string }): Promise<HtmlValue>
}

/** What live coverage adds to an article page. */
export interface ArticleLive {
  html: HtmlValue
  head: HtmlValue
  tags: string[]
  structuredData: Record<string, unknown>
}

/** The signed-in reader a personal render is for, with the CSRF token their forms carry. */
export interface PageReader {
  id: number
  name: string
  csrf: string
}

/** The fragments a template places: toolbar and discussion (articles only) and aside. */
export interface PageExtras {
  toolbar?: HtmlValue
  aside?: HtmlValue
  discussion?: HtmlValue
  /** Live coverage after the article's body, and its head elements. */
  live?: HtmlValue
  head?: HtmlValue
}
