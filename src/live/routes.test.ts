import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import type { Live } from './live.ts'
import type { StationFields } from './station-input.ts'

const radio: StationFields = {
  name: 'Dateline Radio',
  description: 'News on the hour.',
  timeZone: 'Europe/London',
  streams: ['https://radio.example/live.mp3', 'https://hls.example:8443/radio/live.m3u8'],
  schedule: [
    {
      show: 'Morning Edition',
      host: 'Ana Reyes',
      description: 'The news as the day begins.',
      startDay: 'sun',
      startTime: '06:00',
      endDay: 'sun',
      endTime: '13:00',
    },
    { show: 'The World <Tonight>', host: 'Sam Okafor', startDay: 'sun', startTime: '18:00', endDay: 'sun', endTime: '20:00' },
  ],
}

/** The app's live module, reached through its service (sign-in does not exist yet). */
const liveOf = (t: TestApp): Live => t.app.live

for (const kind of databaseKinds()) {
  describe(`live radio pages on ${kind}`, () => {
    let t: TestApp
    let live: Live
    // Sunday 29 November 2026, 12:00 in London: Morning Edition is on, The World Tonight is next.
    const clock = { now: () => new Date('2026-11-29T12:00:00Z') }
    before(async () => {
      t = await createTestApp({ kind, clock, build: { scheduler: false } })
      live = liveOf(t)
    })
    after(async () => {
      await t.close()
    })
    const get = (url: string) => t.app.inject({ method: 'GET', url })

    test('with no station (a fresh start) Listen Live is there, says "Off air" and leads to /live, which says so too', async () => {
      const home = await get('/')
      assert.match(
        home.body,
        /<div id="live-player" class="live-player live-player--off-air" data-turbo-permanent>\s*<a class="live-button live-button--off-air" href="\/live">.*<span class="live-button__text">Listen Live<\/span> <span class="live-button__state">Off air<\/span><\/a>/,
      )
      assert.ok(!home.body.includes('data-live-player'), 'nothing for the player script to play')
      const page = await get('/live')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /<h1 class="live-page__title">Dateline Radio<\/h1>/)
      assert.match(page.body, /Off air\. Dateline is not broadcasting at the moment/)
      assert.equal((await get('/live/dateline-radio')).statusCode, 404)
      assert.equal((await get('/live/events?station=dateline-radio')).statusCode, 404)
    })

    test('a configured station puts Listen Live on every page, a link to /live that Turbo keeps', async () => {
      await live.stations.create(await live.stations.defaultEditionId(), radio)
      for (const url of [
        '/',
        '/world/',
        '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried',
        '/about',
        '/nowhere/',
      ]) {
        const res = await get(url)
        assert.match(res.body, /<div id="live-player" class="live-player" data-turbo-permanent data-live-player data-station="dateline-radio"/, url)
        assert.match(res.body, /<a class="live-button" href="\/live" data-live-toggle>.*Listen Live<\/span><\/a>/, url)
      }
      const b = (await get('/')).body
      const streams = JSON.parse(/data-streams="([^"]+)"/.exec(b)![1]!.replace(/&quot;/g, '"'))
      assert.deepEqual(streams, [
        { url: 'https://radio.example/live.mp3', type: 'audio/mpeg', hls: false },
        { url: 'https://hls.example:8443/radio/live.m3u8', type: 'application/vnd.apple.mpegurl', hls: true },
      ])
    })

    test('/live: the station, on now, next, the week, and a player that works without JavaScript', async () => {
      const res = await get('/live')
      assert.equal(res.statusCode, 200)
      const b = res.body
      assert.match(b, /<h1 class="live-page__title">Dateline Radio<\/h1>/)
      assert.match(
        b,
        /<h2 id="on-now-h" class="rule-heading">On now<\/h2>\s*<p class="live-now__programme"><strong class="programme__show">Morning Edition<\/strong> <span class="programme__host">with Ana Reyes<\/span> <span class="live-now__time">06:00–13:00<\/span>/,
      )
      assert.match(
        b,
        /<h2 id="next-h" class="rule-heading">Next<\/h2>\s*<p><strong class="programme__show">The World &lt;Tonight&gt;<\/strong>.*Today 18:00–20:00/,
      )
      assert.match(b, /Times are Europe\/London time \(GMT now\)/)
      assert.match(b, /<li class="live-slot" aria-current="true"><span class="live-slot__time">06:00–13:00<\/span>/)
      assert.match(
        b,
        /<audio class="live-page__audio" controls preload="none" data-live-fallback aria-label="Dateline Radio, live">\s*<source src="https:\/\/radio.example\/live.mp3" type="audio\/mpeg">/,
      )
      assert.equal((b.match(/<section class="live-day/g) ?? []).length, 7)
      assert.ok(!b.includes('status-json'), 'the status URL is never shown to readers')
    })

    test('outside scheduled hours /live names the next programme', async () => {
      const at = new Date('2026-11-29T15:00:00Z')
      const original = clock.now
      clock.now = () => at
      try {
        const b = (await get('/live')).body
        assert.match(
          b,
          /No programme is scheduled right now; next is <strong class="programme__show">The World &lt;Tonight&gt;<\/strong> <span class="programme__host">with Sam Okafor<\/span>, Today 18:00–20:00\./,
        )
      } finally {
        clock.now = original
      }
    })

    test('CSP lets hls.js reach the HLS stream origin and nothing else', async () => {
      await live.warm()
      const csp = (await get('/')).headers['content-security-policy'] as string
      assert.match(csp, /connect-src 'self' https:\/\/hls\.example:8443(;|$)/)
      assert.match(csp, /media-src 'self' https: http: blob:/)
      assert.match(csp, /style-src 'self' 'sha256-/)
    })

    test('the public stations API and bad parameters', async () => {
      const res = await get('/api/content/stations')
      assert.equal(res.statusCode, 200)
      const [s] = res.json().stations
      assert.equal(s.slug, 'dateline-radio')
      assert.equal(s.nowPlaying.onNow.show, 'Morning Edition')
      assert.equal(s.nowPlaying.live, null, 'no status URL: unknown, not "off"')
      assert.equal('statusUrl' in s, false)
      for (const url of ['/live/events', '/live/events?station=../../etc', '/live/Bad_Slug']) assert.equal((await get(url)).statusCode, 400, url)
      assert.equal((await get('/live/no-such-station')).statusCode, 404)
      assert.equal((await get('/live/dateline-radio')).headers.location, '/live')
    })

    test('staff routes refuse readers who are not signed in', async () => {
      for (const [method, url] of [
        ['GET', '/api/admin/stations'],
        ['POST', '/api/admin/stations'],
        ['DELETE', '/api/admin/stations/1'],
        ['POST', '/newsroom/stations/1/delete'],
      ] as const) {
        const res = await t.app.inject({ method, url, payload: method === 'POST' ? {} : undefined })
        assert.equal(res.statusCode, 401, `${method} ${url}`)
      }
      assert.equal((await get('/newsroom/stations')).statusCode, 303, 'pages send people to sign in')
      assert.equal((await live.stations.list(1)).length, 1, 'nothing was deleted')
    })
  })
}

describe('now-playing events over a real connection', () => {
  let t: TestApp
  let status: http.Server
  let title = 'First Title'
  before(async () => {
    status = http.createServer((_req, res) => res.end(JSON.stringify({ icestats: { source: { listenurl: 'http://x/live.mp3', title, listeners: 4 } } })))
    await new Promise<void>((r) => status.listen(0, '127.0.0.1', r))
    t = await createTestApp({ env: { EVENT_STREAMS_PER_ADDRESS: '20' }, build: { scheduler: false, live: { pollIntervalMs: 100 } } })
    const live = liveOf(t)
    await live.stations.create(1, { ...radio, statusUrl: `http://127.0.0.1:${(status.address() as AddressInfo).port}/status-json.xsl` })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
  })
  after(async () => {
    await t.close() // with a stream still open: closing must not hang
    status.closeAllConnections()
    await new Promise((r) => status.close(r))
  })

  test('a reader gets the title and listeners at once and each change as it happens', async () => {
    const port = (t.app.server.address() as AddressInfo).port
    const res = await fetch(`http://127.0.0.1:${port}/live/events?station=dateline-radio`)
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8')
    const reader = res.body!.getReader()
    let text = ''
    const until = async (re: RegExp) => {
      while (!re.test(text)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended before ${re}: ${text}`)
        text += new TextDecoder().decode(value)
      }
    }
    await until(/"title":"First Title","listeners":4/)
    title = 'Second Title'
    await until(/event: now-playing\ndata: \{[^\n]*"title":"Second Title"/)
    assert.equal(liveOf(t).nowPlaying.subscribers, 1)
    // leave one stream open on purpose: the app must still close
    void reader
  })

  test('one address cannot hold more than EVENT_STREAMS_PER_ADDRESS (20 here) event streams', async () => {
    const port = (t.app.server.address() as AddressInfo).port
    const controller = new AbortController()
    const url = `http://127.0.0.1:${port}/live/events?station=dateline-radio`
    try {
      // one is already open from the test above
      const open = await Promise.all(Array.from({ length: 19 }, () => fetch(url, { signal: controller.signal })))
      assert.ok(open.every((r) => r.status === 200))
      const refused = await fetch(url, { headers: { accept: 'application/json' } })
      assert.equal(refused.status, 429)
      assert.equal((await refused.json()).error.code, 'RATE_LIMITED')
    } finally {
      controller.abort()
    }
  })
})

describe('a broken status URL breaks nothing for readers', () => {
  let t: TestApp
  let status: http.Server
  let base: string
  let closedPort: number
  const ERROR_DETAIL = [
    /ECONNREFUSED/,
    /could not be read/i,
    /valid JSON/i,
    /status-json/,
    /icestats/,
    /unreachable/i,
    /malformed/i,
    /not readable/i,
    /Unexpected/,
    /SyntaxError/,
    /stack/i,
  ]
  const assertNoErrorDetail = (what: string, body: string) => {
    for (const re of [...ERROR_DETAIL, new RegExp(`127\\.0\\.0\\.1:(${(status.address() as AddressInfo).port}|${closedPort})`)])
      assert.doesNotMatch(body, re, `${what} shows readers no error detail`)
  }
  before(async () => {
    // answers a status body that breaks off half-way: not JSON
    status = http.createServer((_req, res) => res.end('{"icestats": {"source": [ {"title": "x",'))
    await new Promise<void>((r) => status.listen(0, '127.0.0.1', r))
    closedPort = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo
        probe.close(() => resolve(port))
      })
    })
    t = await createTestApp({
      clock: { now: () => new Date('2026-11-29T12:00:00Z') },
      build: { scheduler: false, live: { pollIntervalMs: 100, statusTimeoutMs: 500 } },
    })
    const live = liveOf(t)
    await live.stations.create(1, { ...radio, statusUrl: `http://127.0.0.1:${closedPort}/status-json.xsl` })
    await live.stations.create(1, {
      ...radio,
      name: 'Dateline Radio Two',
      statusUrl: `http://127.0.0.1:${(status.address() as AddressInfo).port}/status-json.xsl`,
    })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  })
  after(async () => {
    await t.close()
    status.closeAllConnections()
    await new Promise((r) => status.close(r))
  })

  /** The first now-playing event of a station's stream. */
  async function firstEvent(slug: string) {
    const controller = new AbortController()
    try {
      const res = await fetch(`${base}/live/events?station=${slug}`, { signal: controller.signal })
      assert.equal(res.status, 200, `events for ${slug}`)
      assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8')
      const reader = res.body!.getReader()
      let text = ''
      while (!/event: now-playing\ndata: [^\n]*\n\n/.test(text)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended before a now-playing event: ${text}`)
        text += new TextDecoder().decode(value)
      }
      assertNoErrorDetail(`the ${slug} event stream`, text)
      return JSON.parse(/event: now-playing\ndata: ([^\n]*)\n/.exec(text)![1]!)
    } finally {
      controller.abort()
    }
  }

  test('with an unreachable and a malformed status URL, /, /live and the event streams answer 200', async () => {
    const live = liveOf(t)
    const [unreachable, malformed] = await live.stations.forReaders(1)
    assert.equal(malformed!.slug, 'dateline-radio-two')
    // the statuses are known to be broken before readers come
    assert.equal((await live.nowPlaying.check(unreachable!)).state, 'unreachable')
    assert.equal((await live.nowPlaying.check(malformed!)).state, 'malformed')
    for (const url of ['/', '/live', '/live/dateline-radio-two', '/world/']) {
      const res = await fetch(base + url)
      const body = await res.text()
      assert.equal(res.status, 200, `${url}: ${body.slice(0, 300)}`)
      assertNoErrorDetail(url, body)
      assert.match(body, /data-live-player data-station="dateline-radio"/, `${url} still has the player`)
    }
    const page = await (await fetch(`${base}/live`)).text()
    assert.match(page, /<h1 class="live-page__title">Dateline Radio<\/h1>/)
    assert.match(page, /Morning Edition/, 'the schedule is still shown')
    for (const s of [unreachable!, malformed!]) {
      const u = await firstEvent(s.slug)
      assert.equal(u.station, s.slug)
      assert.equal(u.title, null, 'no title')
      assert.equal(u.live, null, 'on air or not is unknown, not claimed')
      assert.equal(u.listeners, null)
      assert.equal(u.onNow?.show, 'Morning Edition', 'the programme on air is still told')
    }
    // and the statuses were polled again meanwhile: still broken, still no harm
    assert.equal((await fetch(`${base}/live`)).status, 200)
  })
})

after(closeTemplate)
