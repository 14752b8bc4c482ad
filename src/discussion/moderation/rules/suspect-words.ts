import { findWord } from '../../comment-text.ts'
import type { ModerationRule } from '../pipeline.ts'

/** A comment with a suspect word waits for a moderator. */
export const suspectWords: ModerationRule = {
  name: 'suspect-words',
  check({ text, settings }) {
    const word = findWord(text, settings.suspectWords)
    return word ? { action: 'hold', rule: 'suspect-words', reason: `Contains the suspect word “${word}”.` } : undefined
  },
}
