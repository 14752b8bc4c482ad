import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

test('defaults: port 3000, ./data, embedded database', () => {
  const c = loadConfig({})
  assert.equal(c.port, 3000)
  assert.equal(c.databaseUrl, undefined)
  assert.ok(c.dataDir.endsWith('/data'))
  assert.equal(c.siteUrl.href, 'http://localhost:3000/')
})

test('each bad value is refused with a message that names it', () => {
  const bad = {
    PORT: '70000',
    HOST: 'bad host!',
    DATABASE_URL: 'mysql://x',
    REDIS_URL: 'http://nope',
    SITE_URL: 'ftp://example.com',
    SHORT_URL_BASE: 'not a url',
    LOG_LEVEL: 'loud',
    DEMO_CONTENT: 'maybe',
    WEBSUB_HUB: 'ftp://hub.example',
    EVENT_STREAMS_PER_ADDRESS: '-1',
  }
  try {
    loadConfig(bad)
    assert.fail('expected a ConfigError')
  } catch (e) {
    assert.ok(e instanceof ConfigError)
    for (const name of Object.keys(bad)) assert.ok(e.problems.some((p) => p.startsWith(name)), `${name} named in ${e.message}`)
    assert.equal(e.problems.length, Object.keys(bad).length)
  }
})

test('good values are parsed', () => {
  const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@h/db', SITE_URL: 'https://news.example.com/', SHORT_URL_BASE: 'https://dtl.ne/', REDIS_URL: 'redis://127.0.0.1:6379' })
  assert.equal(c.port, 8080)
  assert.equal(c.siteUrl.href, 'https://news.example.com/')
  assert.equal(c.shortUrlBase?.host, 'dtl.ne')
  assert.equal(c.redisUrl, 'redis://127.0.0.1:6379')
  assert.equal(loadConfig({ WEBSUB_HUB: 'https://pubsubhubbub.example/' }).websubHub?.href, 'https://pubsubhubbub.example/')
  assert.equal(c.websubHub, undefined)
  assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT must be a whole number/)
  assert.throws(() => loadConfig({ SITE_URL: 'https://x.com/?q=1' }), /SITE_URL/)
  assert.equal(c.streamsPerAddress, 32)
  assert.equal(loadConfig({ EVENT_STREAMS_PER_ADDRESS: '0' }).streamsPerAddress, 0)
})
