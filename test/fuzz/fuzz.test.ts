import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runFuzz } from './harness.ts'

// A short run of the fuzz harness (npm run fuzz runs 100,000): generated bad input on every route,
// as anonymous, reader and administrator, on the database this suite runs on.
test('2,000 fuzzed requests on every route: no 5xx, nothing unanswered, no crash, no error logged', { timeout: 300_000 }, async () => {
  const report = await runFuzz({
    requests: 2000,
    seconds: 240,
    seed: 20261130,
    concurrency: 6,
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  })
  const said = JSON.stringify({ statuses: report.statuses, samples: report.samples.slice(0, 5), logged: report.loggedSamples.slice(0, 3) }, null, 1)
  assert.equal(report.crash, null, report.crash ?? '')
  assert.equal(report.serverErrors, 0, said)
  assert.equal(report.loggedErrors, 0, said)
  // the run reached the routes: all sent, and answered both ways (refused and served)
  assert.equal(report.requests, 2000)
  assert.ok(report.routes >= 150, `${report.routes} routes`)
  for (const s of ['200', '400', '401', '403', '404']) assert.ok((report.statuses[s] ?? 0) > 20, `${s}: ${said}`)
  assert.ok(report.clientRefusals.length <= 5, report.clientRefusals.join('\n'))
  assert.ok(report.adminSessionAtEnd, 'the administrator stayed signed in, so admin routes were reached to the end')
})
