import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { closeTemplate, databaseKinds, openTestDatabase } from '../../test/support/databases.ts'
import { createMemoryRateLimiter } from '../http/rate-limit.ts'
import { createAuthService } from './auth-service.ts'
import { createStaffService } from './staff-service.ts'

for (const kind of databaseKinds()) {
  describe(`the first administrator on ${kind}`, () => {
    test('an empty database gets one admin whose one-time password signs in; the next start makes none', async () => {
      const database = await openTestDatabase(kind)
      try {
        const { db } = database
        const now = () => new Date()
        const staff = createStaffService({ db, now })
        const first = await staff.ensureFirstAdmin('chief@news.example')
        assert.ok(first, 'an admin was made')
        assert.equal(first.email, 'chief@news.example')
        assert.ok(first.password.length >= 10, 'a real password')
        const rows = await db.selectFrom('accounts').select(['email', 'role', 'kind', 'password_hash']).execute()
        assert.deepEqual(
          rows.map((r) => [r.email, r.kind, r.role]),
          [['chief@news.example', 'staff', 'admin']],
        )
        assert.ok(!rows[0]!.password_hash.includes(first.password), 'only a hash is stored')
        assert.match(rows[0]!.password_hash, /^\$argon2id\$/)
        // the printed password works, once, for the admin
        const auth = createAuthService({ db, limiter: createMemoryRateLimiter(), now })
        const signedIn = await auth.signIn({ email: 'chief@news.example', password: first.password, ip: '192.0.2.1', userAgent: 'test' })
        assert.equal(signedIn.principal.role, 'admin')
        // a second start prints nothing and makes nobody
        assert.equal(await staff.ensureFirstAdmin('chief@news.example'), undefined)
        assert.equal(await staff.ensureFirstAdmin('someone-else@news.example'), undefined)
        assert.equal((await db.selectFrom('accounts').select('id').execute()).length, 1)
      } finally {
        await database.close()
      }
    })

    test('a database that already has staff gets no new admin', async () => {
      const database = await openTestDatabase(kind)
      try {
        const staff = createStaffService({ db: database.db, now: () => new Date() })
        await staff.createStaff({ email: 'rita@news.example', displayName: 'Rita', role: 'reporter', password: 'Correct-Horse-Battery-1' })
        assert.equal(await staff.ensureFirstAdmin(), undefined)
        assert.deepEqual(
          (await database.db.selectFrom('accounts').select('role').execute()).map((r) => r.role),
          ['reporter'],
        )
      } finally {
        await database.close()
      }
    })

    test('two nodes starting at once on an empty database: one admin, one password, no crash', async () => {
      const database = await openTestDatabase(kind)
      try {
        const staff = () => createStaffService({ db: database.db, now: () => new Date() })
        const results = await Promise.all([staff().ensureFirstAdmin(), staff().ensureFirstAdmin()])
        assert.equal(results.filter(Boolean).length, 1, 'exactly one start prints a password')
        assert.equal((await database.db.selectFrom('accounts').select('id').where('role', '=', 'admin').execute()).length, 1)
      } finally {
        await database.close()
      }
    })
  })
}

after(closeTemplate)
