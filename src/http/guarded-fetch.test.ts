import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { addressAllowed, allowList, createSafeFetch } from './guarded-fetch.ts'

describe('server-side fetches refuse internal addresses after DNS and on every redirect', () => {
  let inside: http.Server
  let outside: http.Server
  let insidePort = 0
  let outsidePort = 0
  before(async () => {
    inside = http.createServer((_q, s) => s.end('{"secret":"metadata credentials"}'))
    await new Promise<void>((r) => inside.listen(0, '127.0.0.1', r))
    insidePort = (inside.address() as AddressInfo).port
    // "outside": allowed by the list, and it redirects inside
    outside = http.createServer((_q, s) => s.writeHead(302, { location: `http://127.0.0.1:${insidePort}/latest/meta-data` }).end())
    await new Promise<void>((r) => outside.listen(0, '127.0.0.2', r))
    outsidePort = (outside.address() as AddressInfo).port
  })
  after(() => {
    inside.close()
    outside.close()
  })

  test('loopback, private, link-local, metadata and mapped addresses are refused; public ones pass', () => {
    const none = allowList([])
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '::1',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
    ])
      assert.equal(addressAllowed(a, none), false, a)
    for (const a of ['93.184.216.34', '2606:4700::1111', '::ffff:93.184.216.34']) assert.equal(addressAllowed(a, none), true, a)
    assert.equal(addressAllowed('10.1.2.3', allowList(['10.0.0.0/8'])), true)
  })

  test('a name that resolves to loopback, an IP literal, and a redirect inside are all refused, and the body is not echoed', async () => {
    const guarded = createSafeFetch({ allowed: [] })
    for (const url of [`http://localhost:${insidePort}/`, `http://127.0.0.1:${insidePort}/`, `http://[::ffff:127.0.0.1]:${insidePort}/`]) {
      await assert.rejects(guarded(url), (e: Error & { cause?: Error }) => {
        const text = `${e.message} ${e.cause?.message ?? ''}`
        assert.match(text, /private, loopback or link-local|fetch failed/, url)
        assert.doesNotMatch(text, /metadata credentials/)
        return true
      })
    }
    const viaRedirect = createSafeFetch({ allowed: ['127.0.0.2'] })
    await assert.rejects(viaRedirect(`http://127.0.0.2:${outsidePort}/status`), /127\.0\.0\.1 is private/)
  })

  test('FETCH_ALLOWED_ADDRESSES lets a named address through', async () => {
    const allowed = createSafeFetch({ allowed: ['127.0.0.1'] })
    const res = await allowed(`http://localhost:${insidePort}/`)
    assert.equal(res.status, 200)
    assert.match(await res.text(), /secret/)
  })
})
