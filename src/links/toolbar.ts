import type { Clock } from '../deps.ts'
import type { PageParts } from '../web/page-parts.ts'
import type { LinkService } from './link-service.ts'
import { shareToolsMarkup } from './templates.ts'
import { translatorFor } from '../web/i18n.ts'

/** The left of the article toolbar: Get short URL and share (the counters module adds the counts). */
export function articleToolbar(deps: { links: LinkService; clock: Clock }): Required<Pick<PageParts, 'articleToolbar'>> {
  const { links } = deps
  return {
    async articleToolbar(a) {
      const code = await links.ensureArticleCode(a.articleId)
      return shareToolsMarkup(
        { articleId: a.articleId, headline: a.headline, canonicalUrl: a.canonicalUrl, shortUrl: links.shortUrl(code) },
        translatorFor(a.edition.edition),
        // the page behind the link speaks the article's edition (/ar/share/12)
        a.edition.edition.prefix,
      )
    },
  }
}
