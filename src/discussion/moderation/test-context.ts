import { createMemoryRateLimiter } from '../../http/rate-limit.ts'
import { DEFAULT_SETTINGS, type DiscussionSettings } from '../settings.ts'
import type { ModerationContext } from './pipeline.ts'

export const RULE_TEST_NOW = new Date('2026-11-29T12:00:00Z')

type Overrides = Partial<Omit<ModerationContext, 'settings' | 'author' | 'article'>> & {
  settings?: Partial<DiscussionSettings>
  author?: Partial<ModerationContext['author']>
  article?: Partial<ModerationContext['article']>
}

/** A moderation context for rule tests: an established reader on a fresh, open article. */
export function ruleContext(o: Overrides = {}): ModerationContext {
  return {
    mode: 'post',
    text: 'A thoughtful comment about the article.',
    now: RULE_TEST_NOW,
    ip: '192.0.2.1',
    limiter: createMemoryRateLimiter(),
    recentTexts: async () => [],
    ...o,
    settings: { ...DEFAULT_SETTINGS, ...o.settings },
    author: { id: 7, isStaff: false, approvedCount: 3, banned: false, suspendedUntil: null, ...o.author },
    article: { id: 1, firstPublishedAt: new Date(RULE_TEST_NOW.getTime() - 3_600_000), closed: null, premoderated: false, ...o.article },
  }
}
