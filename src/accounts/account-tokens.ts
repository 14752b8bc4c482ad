import type { Queryable } from '../db/types.ts'
import { randomToken, tokenHash } from './tokens.ts'

export type TokenPurpose = 'verify_email' | 'reset_password' | 'second_factor'

/** How long each kind of token works. */
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  verify_email: 48 * 3600_000,
  reset_password: 3600_000,
  second_factor: 5 * 60_000,
}

/**
 * Single-use, expiring tokens for links sent by mail and for the step between password and code.
 * The token goes to the person; the database keeps its sha-256 only.
 */
export function createTokenStore(db: Queryable) {
  return {
    async issueToken(o: { accountId: number; purpose: TokenPurpose; email?: string; now: Date }): Promise<string> {
      const token = randomToken(32)
      await db
        .insertInto('account_tokens')
        .values({
          id_hash: tokenHash(token),
          account_id: o.accountId,
          purpose: o.purpose,
          email: o.email ?? '',
          created_at: o.now,
          expires_at: new Date(o.now.getTime() + TOKEN_TTL_MS[o.purpose]),
        })
        .execute()
      return token
    },

    /** The account a token is for, while it is unused and unexpired; nothing is changed. */
    async peekToken(token: string, purpose: TokenPurpose, now: Date): Promise<{ accountId: number; email: string; failures: number } | undefined> {
      if (!token || token.length > 100) return undefined
      const r = await db
        .selectFrom('account_tokens')
        .select(['account_id', 'email', 'failures'])
        .where('id_hash', '=', tokenHash(token))
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst()
      return r && { accountId: r.account_id, email: r.email, failures: r.failures }
    },

    /** Uses a token up, once: of two requests racing with the same token, one gets the account. */
    async consumeToken(token: string, purpose: TokenPurpose, now: Date): Promise<{ accountId: number; email: string } | undefined> {
      if (!token || token.length > 100) return undefined
      const r = await db
        .updateTable('account_tokens')
        .set({ used_at: now })
        .where('id_hash', '=', tokenHash(token))
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['account_id', 'email'])
        .executeTakeFirst()
      return r && { accountId: r.account_id, email: r.email }
    },

    /** Counts a wrong code against a challenge; returns the failures so far. */
    async countFailure(token: string, now: Date): Promise<number> {
      const r = await db
        .updateTable('account_tokens')
        .set((eb) => ({ failures: eb('failures', '+', 1) }))
        .where('id_hash', '=', tokenHash(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('failures')
        .executeTakeFirst()
      return r?.failures ?? Number.POSITIVE_INFINITY
    },

    /** Ends every unused token of a purpose for an account (a new password ends older reset links). */
    async revokeTokens(accountId: number, purpose: TokenPurpose, now: Date): Promise<void> {
      await db
        .updateTable('account_tokens')
        .set({ used_at: now })
        .where('account_id', '=', accountId)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .execute()
    },

    async deleteExpiredTokens(now: Date): Promise<void> {
      await db
        .deleteFrom('account_tokens')
        .where('expires_at', '<', new Date(now.getTime() - 7 * 86_400_000))
        .execute()
    },
  }
}
