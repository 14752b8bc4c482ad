import type { Kysely, Transaction } from 'kysely'
import type { DB } from './schema.ts'

/** A database handle or an open transaction: stores accept either. */
export type Queryable = Kysely<DB> | Transaction<DB>

/** True when a database error is a unique-constraint violation (optionally on the named constraint). */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string }
  return err?.code === '23505' && (constraint === undefined || err.constraint === constraint)
}

/** True when a database error is a foreign-key violation. */
export function isForeignKeyViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === '23503'
}
