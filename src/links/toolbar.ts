import type { Clock } from '../deps.ts'
import type { CounterService } from '../counters/counter-service.ts'
import { countersMarkup } from '../counters/templates.ts'
import { html } from '../site/html.ts'
import type { PageParts } from '../site/page-parts.ts'
import { timeView } from '../site/view-models.ts'
import type { LinkService } from './link-service.ts'
import { shareToolsMarkup } from './templates.ts'

/** The article toolbar: Get short URL and share on the left, the counters on the right. */
export function articleToolbar(deps: { links: LinkService; counters: CounterService; clock: Clock }): Required<Pick<PageParts, 'articleToolbar'>> {
  const { links, counters, clock } = deps
  return {
    async articleToolbar(a) {
      const [code, counts] = await Promise.all([links.ensureArticleCode(a.articleId), counters.getCounts(a.articleId)])
      return html`${shareToolsMarkup({ articleId: a.articleId, headline: a.headline, canonicalUrl: a.canonicalUrl, shortUrl: links.shortUrl(code) })}
    ${countersMarkup({
      articleId: a.articleId,
      comments: counts?.comments ?? 0,
      views: counts?.views ?? 0,
      asOf: timeView(clock.now()),
      url: `/api/content/articles/${a.articleId}/counters`,
    })}`
    },
  }
}
