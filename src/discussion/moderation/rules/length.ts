import type { ModerationRule } from '../pipeline.ts'

/** Comments must be between the shortest and longest lengths set. */
export const length: ModerationRule = {
  name: 'length',
  check({ text, settings }) {
    const n = [...text].length
    let message: string | undefined
    if (n === 0) message = 'Write something before posting.'
    else if (n < settings.minLength) message = `A comment must be at least ${settings.minLength} characters long.`
    else if (n > settings.maxLength)
      message = `A comment can be at most ${settings.maxLength.toLocaleString('en-US')} characters long; yours has ${n.toLocaleString('en-US')}.`
    if (!message) return undefined
    return { action: 'reject', rule: 'length', code: 'VALIDATION_FAILED', store: false, message, fields: [{ field: 'body', message }] }
  },
}
