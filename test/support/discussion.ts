import type { Kysely } from 'kysely'
import { createAccountStore } from '../../src/accounts/account-store.ts'
import { createAuthService } from '../../src/accounts/auth-service.ts'
import { hashPassword } from '../../src/accounts/passwords.ts'
import type { Principal } from '../../src/http/permissions.ts'
import type { DB } from '../../src/db/schema.ts'
import { updateSettings, withDefaults, type DiscussionSettings } from '../../src/discussion/settings.ts'
import { createMemoryRateLimiter } from '../../src/http/rate-limit.ts'
import type { TestApp } from './app.ts'
import type { TestSession } from './staff.ts'

let counter = 0
let hash: Promise<string> | undefined
export const READER_PASSWORD = 'Reader-Password-2026'

/** A reader account (password READER_PASSWORD), made straight in the database. */
export async function createReader(db: Kysely<DB>, name?: string): Promise<Principal> {
  const n = ++counter
  hash ??= hashPassword(READER_PASSWORD)
  const a = await createAccountStore(db).createAccount({
    kind: 'reader',
    email: `reader${n}-${process.pid}-${Date.now()}@readers.test`,
    displayName: name ?? `Reader ${n}`,
    passwordHash: await hash,
  })
  return { id: a.id, kind: 'reader', role: null, email: a.email, displayName: a.displayName, personId: null }
}

/** A reader with a signed-in session on the test app, for inject() and browsers. */
export async function readerSession(t: TestApp, name?: string): Promise<TestSession> {
  const db = t.database.db
  const principal = await createReader(db, name)
  const account = (await createAccountStore(db).getAccount(principal.id))!
  const s = await createAuthService({ db, limiter: createMemoryRateLimiter(), now: () => new Date() }).startSession(account, 'test')
  const cookie = `dl_session=${s.token}`
  return { principal, cookie, csrf: s.csrfToken, email: principal.email, password: READER_PASSWORD, headers: { cookie, 'x-csrf-token': s.csrfToken } }
}

/** Changes some discussion settings (the rest keep their defaults). */
export async function setDiscussionSettings(db: Kysely<DB>, patch: Partial<DiscussionSettings>): Promise<void> {
  await updateSettings(db, { ...withDefaults({}), ...patch }, null, new Date())
}

/** The id of the demo's seed article (published, with related articles). */
export async function seedArticleId(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('articles')
    .select('id')
    .where('slug', '=', 'un-security-council-debate-on-north-korea-rights-record-leaves-china-worried')
    .executeTakeFirstOrThrow()
  return r.id
}
