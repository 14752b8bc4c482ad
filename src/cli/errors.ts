import { AppError } from '../errors.ts'

/** A failed command's error as one line for the terminal: the fields at fault, or the message. */
export function describeError(e: unknown): string {
  if (e instanceof AppError) return e.fields.length ? e.fields.map((f) => `${f.field}: ${f.message}`).join('; ') : e.publicMessage
  return e instanceof Error ? e.message : String(e)
}
