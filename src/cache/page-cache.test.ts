import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, test } from 'node:test'
import { createTestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { staffSession } from '../../test/support/staff.ts'
import { PageCache } from './page-cache.ts'

after(closeTemplate)

const page = (text: string, tags: string[]) => ({ status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(text), tags })

test('the cache keeps to its memory budget: the least recently used page goes first, and its tags with it', () => {
  // ~1 KB pages (body + gzip + brotli estimate + overhead) in a 5 KB budget
  const cache = new PageCache({ maxBytes: 5_000 })
  const text = (i: number) => `<p>${String(i).repeat(300)}</p>`.padEnd(1000, ' ')
  for (let i = 0; i < 3; i++) cache.set(`/p${i}`, page(text(i), [`article:${i}`]))
  assert.ok(cache.get('/p0')) // p0 is now the most recently used
  for (let i = 3; i < 12; i++) cache.set(`/p${i}`, page(text(i), [`article:${i}`]))
  assert.ok(cache.size < 12 && cache.size >= 2, `kept ${cache.size} pages`)
  assert.equal(cache.get('/p1'), undefined, 'the oldest untouched page was evicted')
  assert.ok(cache.get('/p11'), 'the newest page is kept')
  assert.equal(cache.invalidate(['article:1']), 0, 'an evicted page leaves no tag behind')
  assert.equal(cache.invalidate(['article:11']), 1)
  assert.equal(cache.get('/p11')!.stale, true)
})

test('PAGE_CACHE_MB=0 turns the cache off: every request is rendered, none is marked as a hit', async () => {
  const t = await createTestApp({ env: { PAGE_CACHE_MB: '0' } })
  try {
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ url: '/' })
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['x-cache'], undefined)
      assert.match(res.headers['cache-control'] as string, /^public, .*s-maxage=/, 'a CDN may still cache it')
    }
  } finally {
    await t.close()
  }
})

test('with CDN_PURGE_URL set, a publish purges the same surrogate keys at the CDN (bearer token); a failing CDN does no harm', async () => {
  const purges: { auth: string | undefined; body: { surrogate_keys: string[] } }[] = []
  let answer = 200
  const cdn = http.createServer((req, res) => {
    let data = ''
    req.on('data', (c) => (data += c))
    req.on('end', () => {
      purges.push({ auth: req.headers.authorization, body: JSON.parse(data) })
      res.statusCode = answer
      res.end()
    })
  })
  await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r))
  const t = await createTestApp({ env: { CDN_PURGE_URL: `http://127.0.0.1:${(cdn.address() as AddressInfo).port}/purge`, CDN_PURGE_TOKEN: 'cdn-secret' } })
  try {
    const editor = await staffSession(t, 'editor')
    const publish = async (headline: string) => {
      const a = (await t.app.inject({ method: 'POST', url: '/api/admin/articles', headers: editor.headers, payload: { headline, sectionId: 1 } })).json()
      const res = await t.app.inject({ method: 'POST', url: `/api/admin/articles/${a.id}/workflow`, headers: editor.headers, payload: { action: 'publish' } })
      assert.equal(res.statusCode, 200)
      return a.id as number
    }
    const id = await publish('Purged at the edge')
    const until = async (n: number) => {
      for (let i = 0; i < 100 && purges.length < n; i++) await new Promise((r) => setTimeout(r, 20))
    }
    await until(1)
    assert.equal(purges.length, 1, 'one purge call for one publish (tags batched)')
    assert.equal(purges[0]!.auth, 'Bearer cdn-secret')
    for (const key of [`article:${id}`, 'home', 'section:1', 'feeds']) assert.ok(purges[0]!.body.surrogate_keys.includes(key), key)
    // the same keys the pages carry
    const home = await t.app.inject({ url: '/' })
    assert.ok((home.headers['surrogate-key'] as string).split(' ').includes('home'))

    answer = 503
    await publish('Published while the CDN fails')
    await until(2)
    assert.equal(purges.length, 2)
    assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200, 'the app carries on')
    assert.match((await t.app.inject({ url: '/' })).body, /Published while the CDN fails/)
  } finally {
    await t.close()
    await new Promise((r) => cdn.close(r))
  }
})
