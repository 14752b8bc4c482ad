import type { ModerationRule } from '../pipeline.ts'
import { bannedWords } from './banned-words.ts'
import { discussionClosed } from './discussion-closed.ts'
import { ipRate } from './ip-rate.ts'
import { length } from './length.ts'
import { newReader } from './new-reader.ts'
import { premoderation } from './premoderation.ts'
import { readerRate } from './reader-rate.ts'
import { readerSanctioned } from './reader-sanctioned.ts'
import { repeatPost } from './repeat-post.ts'
import { suspectWords } from './suspect-words.ts'
import { tooManyLinks } from './too-many-links.ts'

/**
 * The moderation pipeline, in order. Cheap refusals of the request come first; the rate limits
 * come before anything that stores a comment, so a flood is refused rather than queued.
 */
export const MODERATION_RULES: readonly ModerationRule[] = [
  readerSanctioned,
  discussionClosed,
  length,
  tooManyLinks,
  repeatPost,
  readerRate,
  ipRate,
  bannedWords,
  suspectWords,
  newReader,
  premoderation,
]
