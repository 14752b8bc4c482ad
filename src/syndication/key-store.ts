import { createHash, randomBytes } from 'node:crypto'
import type { Queryable } from '../db/types.ts'
import type { KeyScope } from './tables.ts'

/** A syndication key as the newsroom lists it (never the secret, which is shown once). */
export interface SyndicationKey {
  id: number
  name: string
  prefix: string
  scopes: KeyScope[]
  createdAt: Date
  revokedAt: Date | null
  lastUsedAt: Date | null
}

const KEY_PREFIX = 'dlk_'
/** How often a key's last use is written (not on every request). */
const TOUCH_MS = 60_000

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex')

/** Reads a key from a request's headers or query: `Authorization: Bearer dlk_…`, `X-Api-Key`, or `?key=`. */
export function keyFromRequest(headers: Record<string, string | string[] | undefined>, query: unknown): string | undefined {
  const auth = headers.authorization
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim()
  const header = headers['x-api-key']
  if (typeof header === 'string' && header !== '') return header.trim()
  const q = (query as { key?: unknown } | undefined)?.key
  return typeof q === 'string' && q !== '' ? q : undefined
}

/**
 * API keys for subscribers and partners (Content API, ninjs feed, wire push): random 32-byte
 * secrets, stored as their SHA-256 (a long random secret needs no slow hash), each with scopes.
 */
export function createKeyStore(db: Queryable, now: () => Date) {
  return {
    async createKey(k: { name: string; scopes: KeyScope[]; createdBy: number | null }): Promise<{ key: SyndicationKey; secret: string }> {
      const secret = KEY_PREFIX + randomBytes(32).toString('base64url')
      const row = await db
        .insertInto('syndication_keys')
        .values({ name: k.name, key_prefix: secret.slice(0, 10), key_hash: hashOf(secret), scopes: k.scopes, created_by: k.createdBy, created_at: now() })
        .returningAll()
        .executeTakeFirstOrThrow()
      return { key: toKey(row), secret }
    },

    async listKeys(): Promise<SyndicationKey[]> {
      const rows = await db
        .selectFrom('syndication_keys')
        .selectAll()
        .orderBy('revoked_at', (ob) => ob.desc().nullsFirst())
        .orderBy('id', 'desc')
        .execute()
      return rows.map(toKey)
    },

    /** Revokes a key; false when it was unknown or already revoked. */
    async revokeKey(id: number): Promise<boolean> {
      const r = await db.updateTable('syndication_keys').set({ revoked_at: now() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
      return Number(r.numUpdatedRows) === 1
    },

    /** The live key behind a secret, when it has the scope. */
    async authenticate(secret: string | undefined, scope: KeyScope): Promise<SyndicationKey | undefined> {
      if (!secret || !secret.startsWith(KEY_PREFIX) || secret.length > 100) return undefined
      const row = await db.selectFrom('syndication_keys').selectAll().where('key_hash', '=', hashOf(secret)).where('revoked_at', 'is', null).executeTakeFirst()
      if (!row || !row.scopes.includes(scope)) return undefined
      const t = now()
      if (!row.last_used_at || t.getTime() - row.last_used_at.getTime() > TOUCH_MS) {
        await db.updateTable('syndication_keys').set({ last_used_at: t }).where('id', '=', row.id).execute()
      }
      return toKey(row)
    },
  }
}

export type KeyStore = ReturnType<typeof createKeyStore>

function toKey(r: {
  id: number
  name: string
  key_prefix: string
  scopes: KeyScope[]
  created_at: Date
  revoked_at: Date | null
  last_used_at: Date | null
}): SyndicationKey {
  return { id: r.id, name: r.name, prefix: r.key_prefix, scopes: r.scopes, createdAt: r.created_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at }
}
