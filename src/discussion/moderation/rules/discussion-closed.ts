import type { ModerationContext, ModerationRule } from '../pipeline.ts'

/** True when the article takes no more comments: closed by a moderator, or old enough. */
export function isClosed(article: ModerationContext['article'], closeAfterDays: number, now: Date): boolean {
  if (article.closed !== null) return article.closed
  return closeAfterDays > 0 && now.getTime() - article.firstPublishedAt.getTime() > closeAfterDays * 86_400_000
}

/** No comments once the discussion is closed (per article, or N days after publication). */
export const discussionClosed: ModerationRule = {
  name: 'discussion-closed',
  check({ article, settings, now }) {
    if (!isClosed(article, settings.closeAfterDays, now)) return undefined
    return { action: 'reject', rule: 'discussion-closed', code: 'DISCUSSION_CLOSED', store: false, message: 'The discussion of this article is closed.' }
  },
}
