import assert from 'node:assert/strict'
import fs from 'node:fs'
import { test } from 'node:test'
import { AppError, ERRORS } from './errors.ts'

test('the error catalogue and docs/errors.md list the same codes and statuses', () => {
  const doc = fs.readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')
  const documented = new Map([...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]))
  const catalogue = new Map(Object.entries(ERRORS).map(([code, e]) => [code, e.status]))
  assert.deepEqual(documented, catalogue)
})

test('AppError keeps private detail out of the public message', () => {
  const e = new AppError('INTERNAL', { detail: 'db password in connection string' })
  assert.equal(e.publicMessage, ERRORS.INTERNAL.message)
  assert.equal(e.status, 500)
  assert.ok(!e.publicMessage.includes('password'))
})
