import { createAuthService } from '../../src/accounts/auth-service.ts'
import type { Principal } from '../../src/http/permissions.ts'
import { createStaffService } from '../../src/accounts/staff-service.ts'
import type { StaffRole } from '../../src/accounts/tables.ts'
import { createMemoryRateLimiter } from '../../src/http/rate-limit.ts'
import type { TestApp } from './app.ts'

export interface TestSession {
  principal: Principal
  cookie: string
  csrf: string
  email: string
  password: string
  /** Headers for inject(): the session cookie, and the CSRF header for JSON calls. */
  headers: Record<string, string>
}

let counter = 0

/** A new staff account of `role` with a signed-in session on the test app's database. */
export async function staffSession(t: TestApp, role: StaffRole, name?: string): Promise<TestSession> {
  const db = t.database.db
  const now = () => new Date()
  const n = ++counter
  const email = `${role}${n}-${process.pid}@newsroom.test`
  const password = `Correct-Horse-${n}-Battery`
  const { account } = await createStaffService({ db, now }).createStaff({
    email,
    displayName: name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${n}`,
    role,
    password,
  })
  const auth = createAuthService({ db, limiter: createMemoryRateLimiter(), now })
  const s = await auth.startSession(account, 'test')
  const cookie = `dl_session=${s.token}`
  return {
    principal: { id: account.id, kind: 'staff', role, email, displayName: account.displayName, personId: account.personId },
    cookie,
    csrf: s.csrfToken,
    email,
    password,
    headers: { cookie, 'x-csrf-token': s.csrfToken },
  }
}
