import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import { requirePolicies } from './policy.ts'

test('a route without an access policy fails at boot', async () => {
  const app = Fastify()
  requirePolicies(app)
  app.get('/ok', { config: { policy: 'public' } }, async () => 'ok')
  assert.throws(() => app.get('/no-policy', async () => 'oops'), /GET \/no-policy has no access policy/)
  await app.close()
})
