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
    PAGE_CACHE_MB: '1.5',
    PAGE_CACHE_TTL: '0',
    TRUST_PROXY: 'yes please',
    CDN_PURGE_URL: 'ftp://cdn.example/purge',
    ADMIN_EMAIL: 'not an address',
    DATA_DIR: 'data\u0000dir',
    WORKERS: 'many',
    MEDIA_STORE: 's3',
    MEDIA_DIR: '/',
    MEDIA_CACHE_DIR: 'cache\u0001dir',
    MEDIA_CACHE_MB: 'lots',
    MEDIA_MAX_UPLOAD_MB: '0',
    MEDIA_MAX_MEGAPIXELS: '5000',
  }
  try {
    loadConfig(bad)
    assert.fail('expected a ConfigError')
  } catch (e) {
    assert.ok(e instanceof ConfigError)
    for (const name of Object.keys(bad))
      assert.ok(
        e.problems.some((p) => p.startsWith(name)),
        `${name} named in ${e.message}`,
      )
    assert.equal(e.problems.length, Object.keys(bad).length)
  }
})

test('values at the edge of their range are refused, each naming its variable', () => {
  const cases: [string, string][] = [
    ['PAGE_CACHE_MB', '100001'],
    ['PAGE_CACHE_MB', '-1'],
    ['PAGE_CACHE_TTL', '86401'],
    ['PAGE_CACHE_TTL', '5m'],
    ['TRUST_PROXY', '10.0.0.0/8,proxy.example'],
    ['TRUST_PROXY', '100'],
    ['TRUST_PROXY', 'abc'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['CDN_PURGE_URL', 'cdn.example/purge'],
    ['ADMIN_EMAIL', 'admin@'],
    ['ADMIN_EMAIL', `${'a'.repeat(250)}@b.cd`],
    ['DATA_DIR', '/'],
    ['WORKERS', '0'],
    ['WORKERS', '1000'],
    ['WORKERS', '-2'],
    ['MEDIA_STORE', 'Database'],
    ['MEDIA_CACHE_MB', '10000001'],
    ['MEDIA_MAX_UPLOAD_MB', '1001'],
    ['MEDIA_MAX_UPLOAD_MB', '1.5'],
    ['MEDIA_MAX_MEGAPIXELS', '0'],
    ['MEDIA_CACHE_DIR', '/'],
  ]
  for (const [name, value] of cases) {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (e: unknown) => e instanceof ConfigError && e.problems.length === 1 && e.problems[0]!.startsWith(`${name} must`),
      `${name}=${value} is refused`,
    )
  }
})

test('good values of the cache, proxy, purge, admin, data folder and worker settings are parsed', () => {
  const defaults = loadConfig({})
  assert.equal(defaults.pageCacheMb, 256)
  assert.equal(defaults.pageCacheTtlSeconds, 300)
  assert.equal(defaults.trustProxy, false)
  assert.equal(defaults.workers, 1)
  assert.equal(defaults.adminEmail, 'admin@dateline.local')
  const c = loadConfig({
    PAGE_CACHE_MB: '0',
    PAGE_CACHE_TTL: '86400',
    TRUST_PROXY: '10.0.0.0/8, loopback, ::1, fd00::/8',
    CDN_PURGE_URL: 'https://cdn.example/purge',
    ADMIN_EMAIL: 'Editor@News.Example',
    DATA_DIR: '/srv/dateline/data',
    WORKERS: 'auto',
  })
  assert.equal(c.pageCacheMb, 0)
  assert.equal(c.pageCacheTtlSeconds, 86_400)
  assert.deepEqual(c.trustProxy, ['10.0.0.0/8', 'loopback', '::1', 'fd00::/8'])
  assert.equal(c.cdnPurgeUrl?.href, 'https://cdn.example/purge')
  assert.equal(c.adminEmail, 'editor@news.example')
  assert.equal(c.dataDir, '/srv/dateline/data')
  assert.equal(c.workers, 'auto')
  assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2)
  assert.equal(loadConfig({ WORKERS: '4' }).workers, 4)
})

test('good values are parsed', () => {
  const c = loadConfig({
    PORT: '8080',
    DATABASE_URL: 'postgres://u@h/db',
    SITE_URL: 'https://news.example.com/',
    SHORT_URL_BASE: 'https://dtl.ne/',
    REDIS_URL: 'redis://127.0.0.1:6379',
  })
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

test('media settings: defaults under DATA_DIR, the disk store, no disk cache', () => {
  const d = loadConfig({ DATA_DIR: '/srv/dateline' })
  assert.equal(d.mediaStore, 'database')
  assert.equal(d.mediaDir, '/srv/dateline/media')
  assert.equal(d.mediaCacheDir, '/srv/dateline/media-cache')
  assert.deepEqual([d.mediaCacheMb, d.mediaMaxUploadMb, d.mediaMaxMegapixels], [1024, 32, 100])
  const c = loadConfig({ MEDIA_STORE: 'disk', MEDIA_DIR: '/mnt/pictures', MEDIA_CACHE_DIR: 'off', MEDIA_MAX_UPLOAD_MB: '50', MEDIA_MAX_MEGAPIXELS: '60' })
  assert.deepEqual([c.mediaStore, c.mediaDir, c.mediaCacheDir, c.mediaMaxUploadMb, c.mediaMaxMegapixels], ['disk', '/mnt/pictures', undefined, 50, 60])
  assert.equal(loadConfig({ MEDIA_CACHE_MB: '0' }).mediaCacheDir, undefined, 'no disk cache: derivatives are kept in memory only')
})

test('mail and two-factor settings: defaults, good values, and each bad value named', () => {
  const d = loadConfig({})
  assert.equal(d.smtpUrl, undefined)
  assert.equal(d.mailFrom, 'Dateline <no-reply@localhost>')
  assert.equal(d.adminTwoFactor, 'optional')
  const c = loadConfig({ SMTP_URL: 'smtps://desk:secret@mail.example:465', MAIL_FROM: 'Newsdesk <desk@news.example>', ADMIN_TWO_FACTOR: 'required' })
  assert.equal(c.smtpUrl?.hostname, 'mail.example')
  assert.equal(c.mailFrom, 'Newsdesk <desk@news.example>')
  assert.equal(c.adminTwoFactor, 'required')
  assert.throws(
    () => loadConfig({ SMTP_URL: 'http://mail.example', MAIL_FROM: 'not an address', ADMIN_TWO_FACTOR: 'yes' }),
    (e: Error) => /SMTP_URL must be an smtp/.test(e.message) && /MAIL_FROM must be/.test(e.message) && /ADMIN_TWO_FACTOR must be/.test(e.message),
  )
  assert.throws(() => loadConfig({ MAIL_FROM: 'Desk <desk@news.example>\r\nBcc: x@evil.example' }), /MAIL_FROM/)
})
