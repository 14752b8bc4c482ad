import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import pino from 'pino'
import { fetchIcecastStatus, readIcecastStatus } from './icecast-status.ts'
import { createNowPlaying, type NowPlayingUpdate } from './now-playing.ts'
import type { Station } from './types.ts'

const NOW = new Date('2026-11-30T07:00:00Z') // Monday 07:00 in London
const streams = [{ url: 'https://radio.example/live.mp3', format: 'mp3' as const }]

const source = (mount: string, extra: Record<string, unknown> = {}) => ({
  listenurl: `http://icecast.internal:8000${mount}`,
  listeners: 3,
  server_type: 'audio/mpeg',
  ...extra,
})

describe('reading Icecast status JSON', () => {
  test('one source (an object), matched by mount, with title and listeners', () => {
    const s = readIcecastStatus(JSON.stringify({ icestats: { source: source('/live.mp3', { title: 'Tone Test 440', listeners: 7 }) } }), streams, NOW)
    assert.equal(s.state, 'on-air')
    assert.equal(s.title, 'Tone Test 440')
    assert.equal(s.listeners, 7)
  })

  test('several sources (an array): only the station’s mounts count; artist and title are joined', () => {
    const body = {
      icestats: {
        source: [source('/other.mp3', { title: 'Not ours', listeners: 50 }), source('/live.mp3', { artist: 'The Band', title: 'The Song', listeners: 2 })],
      },
    }
    const s = readIcecastStatus(JSON.stringify(body), streams, NOW)
    assert.equal(s.title, 'The Band – The Song')
    assert.equal(s.listeners, 2)
  })

  test('no source on the mount: off air, said plainly', () => {
    const s = readIcecastStatus(JSON.stringify({ icestats: { admin: 'x', source: source('/other.mp3') } }), streams, NOW)
    assert.equal(s.state, 'off-air')
    assert.match(s.message, /no source is connected to \/live\.mp3/)
    assert.equal(readIcecastStatus(JSON.stringify({ icestats: { host: 'x' } }), streams, NOW).state, 'off-air')
  })

  test('malformed JSON and JSON that is not Icecast status', () => {
    const broken = readIcecastStatus('{"icestats":{"source":{"title": - }}}', streams, NOW)
    assert.equal(broken.state, 'malformed')
    assert.match(broken.message, /did not answer valid JSON/)
    for (const body of ['[]', 'null', '{"status":"ok"}', '"icestats"']) {
      const s = readIcecastStatus(body, streams, NOW)
      assert.equal(s.state, 'malformed', body)
      assert.match(s.message, /not Icecast status/, body)
    }
  })

  test('control characters in titles are dropped and titles are kept short', () => {
    const s = readIcecastStatus(JSON.stringify({ icestats: { source: source('/live.mp3', { title: `A\u0000B\u001b[31m${'x'.repeat(500)}` }) } }), streams, NOW)
    assert.ok(!/[\u0000-\u001f]/.test(s.title!))
    assert.equal(s.title!.length, 300)
  })
})

describe('fetching a status URL', () => {
  let server: http.Server
  let base: string
  let hits = 0
  let body = JSON.stringify({ icestats: { source: source('/live.mp3', { title: 'First' }) } })

  before(async () => {
    server = http.createServer((req, res) => {
      hits++
      if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 3000).unref()
      if (req.url === '/error') return void res.writeHead(500).end('oops')
      if (req.url === '/huge') return void res.end('x'.repeat(600 * 1024))
      if (req.url === '/malformed') return void res.end('{"icestats": {"source": [')
      res.setHeader('content-type', 'application/json')
      res.end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const opts = { timeoutMs: 500, now: () => NOW }

  test('a good answer', async () => {
    const s = await fetchIcecastStatus(`${base}/status-json.xsl`, streams, opts)
    assert.equal(s.state, 'on-air')
    assert.equal(s.title, 'First')
  })

  test('unreachable, slow, failing, malformed and oversized status URLs each get a clear message', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as AddressInfo).port
        probe.close(() => resolve(port))
      })
    })
    const cases: [string, string, RegExp][] = [
      [`http://127.0.0.1:${closedPort}/status-json.xsl`, 'unreachable', /ECONNREFUSED/],
      [`${base}/slow`, 'unreachable', /no answer within 0\.5 seconds/],
      [`${base}/error`, 'unreachable', /answered HTTP 500/],
      [`${base}/malformed`, 'malformed', /did not answer valid JSON/],
      [`${base}/huge`, 'malformed', /more than 512 KB/],
    ]
    for (const [url, state, message] of cases) {
      const s = await fetchIcecastStatus(url, streams, opts)
      assert.equal(s.state, state, url)
      assert.match(s.message, message, url)
      assert.equal(s.title, null)
    }
  })

  test('one poll serves every subscriber; changes are pushed; nothing polls once they leave', async () => {
    const station: Station = {
      id: 1,
      editionId: 1,
      slug: 'dateline-radio',
      name: 'Dateline Radio',
      description: '',
      timeZone: 'Europe/London',
      position: 0,
      updatedAt: NOW,
      streams,
      statusUrl: `${base}/status-json.xsl`,
      schedule: [{ show: 'Morning Edition', host: 'Ana Reyes', description: '', startDay: 1, startMinute: 360, endDay: 1, endMinute: 540 }],
    }
    const warnings: string[] = []
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) })
    const np = createNowPlaying({ log, now: () => NOW, reload: async (s) => s, intervalMs: 300, timeoutMs: 500 })
    try {
      body = JSON.stringify({ icestats: { source: source('/live.mp3', { title: 'First', listeners: 1 }) } })
      const seen: NowPlayingUpdate[][] = [[], [], []]
      hits = 0
      const offs = seen.map((list) => np.subscribe(station, (u) => list.push(u)))
      assert.equal(np.subscribers, 3)
      await waitFor(() => seen.every((l) => l.at(-1)?.title === 'First'))
      const u = seen[0]!.at(-1)!
      assert.deepEqual(
        { ...u, onNow: u.onNow?.show },
        { station: 'dateline-radio', live: true, title: 'First', listeners: 1, onNow: 'Morning Edition', next: u.next },
      )
      assert.equal(u.onNow?.label, '06:00–09:00')
      assert.equal(u.next?.start, '2026-12-07T06:00:00.000Z', 'the only programme is next on again a week later')
      // three listeners, one request: the status is read once for everyone
      assert.equal(hits, 1)
      body = JSON.stringify({ icestats: { source: source('/live.mp3', { title: 'Second', listeners: 2 }) } })
      await waitFor(() => seen.every((l) => l.at(-1)?.title === 'Second'))
      assert.deepEqual(
        seen.map((l) => l.map((x) => x.title)),
        [
          ['First', 'Second'],
          ['First', 'Second'],
          ['First', 'Second'],
        ],
        'each change is pushed once',
      )

      body = '{"icestats": '
      await waitFor(() => seen[0]!.at(-1)?.live === null)
      assert.equal(seen[0]!.at(-1)!.title, null, 'readers get no stale title and no error detail')
      assert.ok(
        warnings.some((w) => /station status cannot be read/.test(w) && /did not answer valid JSON/.test(w)),
        'the failure is logged',
      )
      assert.equal(warnings.length, 1, 'a lasting failure is logged once, not every poll')

      for (const off of offs) off()
      assert.equal(np.subscribers, 0)
      await new Promise((r) => setTimeout(r, 100))
      const quiet = hits
      await new Promise((r) => setTimeout(r, 200))
      assert.equal(hits, quiet, 'no subscribers, no polling')
    } finally {
      np.close()
    }
  })

  test('too many subscribers on one node are refused with LIVE_BUSY', () => {
    const np = createNowPlaying({ log: pino({ level: 'silent' }), now: () => NOW, reload: async (s) => s, maxSubscribers: 1 })
    const station = { id: 2, slug: 's', statusUrl: null, streams, schedule: [], timeZone: 'UTC' } as unknown as Station
    const off = np.subscribe(station, () => {})
    assert.throws(() => np.subscribe(station, () => {}), { code: 'LIVE_BUSY' })
    off()
    np.subscribe(station, () => {})()
    np.close()
  })
})

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the condition')
    await new Promise((r) => setTimeout(r, 10))
  }
}
