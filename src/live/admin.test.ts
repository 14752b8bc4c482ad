/** The admin API and the newsroom's station pages, signed in as an admin (and as others). */
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import type { Live } from './live.ts'

const station = {
  name: 'Dateline Radio',
  timeZone: 'Europe/London',
  streams: ['https://radio.example/live.mp3'],
  schedule: [{ show: 'Morning Edition', host: 'Ana Reyes', startDay: 'mon', startTime: '06:00', endDay: 'mon', endTime: '09:00' }],
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

describe('stations for admins', () => {
  let t: TestApp
  let live: Live
  let admin: TestSession
  let status: http.Server
  let statusBase: string

  before(async () => {
    status = http.createServer((req, res) => {
      if (req.url === '/broken/status-json.xsl') return void res.end('{"icestats": {"source": [ {"title": "x",')
      res.end(JSON.stringify({ icestats: { source: { listenurl: 'http://x/live.mp3', title: 'Tone Test', listeners: 2 } } }))
    })
    await new Promise<void>((r) => status.listen(0, '127.0.0.1', r))
    statusBase = `http://127.0.0.1:${(status.address() as AddressInfo).port}`
    t = await createTestApp({ build: { scheduler: false, live: { statusTimeoutMs: 500 } } })
    live = t.app.live
    admin = await staffSession(t, 'admin')
  })
  after(async () => {
    await t.close()
    status.closeAllConnections()
    await new Promise((r) => status.close(r))
  })

  const app = { inject: (o: { method: 'GET' | 'POST'; url: string }) => t.app.inject({ ...o, headers: { cookie: admin.cookie } }) }
  const json = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as object, headers: admin.headers })
  const form = (url: string, fields: Record<string, string>, session = admin) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams({ ...fields, _csrf: session.csrf }).toString(),
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    })

  test('admin API: create, read, update, check status, delete', async () => {
    const created = await json('POST', '/api/admin/stations', { ...station, statusUrl: `${statusBase}/status-json.xsl` })
    assert.equal(created.statusCode, 201)
    const s = created.json().station
    assert.equal(created.headers.location, `/api/admin/stations/${s.id}`)
    assert.deepEqual(s.schedule, [
      { show: 'Morning Edition', host: 'Ana Reyes', description: '', startDay: 'mon', startTime: '06:00', endDay: 'mon', endTime: '09:00' },
    ])
    const checked = await json('POST', `/api/admin/stations/${s.id}/check`)
    assert.deepEqual(
      { ...checked.json().station.status, checkedAt: undefined },
      { state: 'on-air', message: 'On air: Tone Test (2 listeners)', title: 'Tone Test', listeners: 2, checkedAt: undefined },
    )
    // what the API answers, it takes back
    const { id: _id, updatedAt: _u, status: _s, ...body } = checked.json().station
    const updated = await json('PUT', `/api/admin/stations/${s.id}`, { ...body, name: 'Dateline Radio One' })
    assert.equal(updated.statusCode, 200, updated.body)
    assert.equal(updated.json().station.name, 'Dateline Radio One')
    assert.equal((await json('GET', '/api/admin/stations')).json().stations.length, 1)
    assert.equal((await json('DELETE', `/api/admin/stations/${s.id}`)).statusCode, 204)
    assert.equal((await json('GET', `/api/admin/stations/${s.id}`)).json().error.code, 'STATION_NOT_FOUND')
  })

  test('admin API: bad input gets 400 with field errors and changes nothing', async () => {
    const backwards = await json('POST', '/api/admin/stations', {
      ...station,
      timeZone: 'Mars/Olympus',
      schedule: [{ show: 'Backwards', startDay: 'mon', startTime: '10:00', endDay: 'mon', endTime: '09:00' }],
    })
    assert.equal(backwards.statusCode, 400)
    const error = backwards.json().error
    assert.equal(error.code, 'VALIDATION_FAILED')
    assert.deepEqual(
      error.fields.map((f: { field: string }) => f.field),
      ['timeZone', 'schedule[0].end'],
    )
    assert.match(error.message, /"Backwards" ends \(Mon 09:00\) before it starts \(Mon 10:00\)/)
    assert.equal((await json('POST', '/api/admin/stations', { name: 'x' })).json().error.code, 'VALIDATION_FAILED')
    assert.equal((await json('PUT', '/api/admin/stations/abc', station)).statusCode, 400)
    assert.equal((await json('PUT', '/api/admin/stations/99999', station)).statusCode, 404)
    assert.deepEqual((await json('GET', '/api/admin/stations')).json().stations, [])
  })

  test('newsroom: add a station from the form; problems shown against the lines typed', async () => {
    const empty = await app.inject({ method: 'GET', url: '/newsroom/stations' })
    assert.match(empty.body, /No station yet\. Until one is added, the site’s Listen Live button says “Off air”\./)
    assert.match(empty.body, /<a href="\/newsroom\/stations" aria-current="page">Radio<\/a>/, 'in the newsroom menu')

    const bad = await form('/newsroom/stations', {
      name: 'Dateline Radio',
      timeZone: 'Europe/Londres',
      streams: 'https://radio.example/live.mp3',
      statusUrl: `${statusBase}/broken/status-json.xsl`,
      schedule: 'Mon-Fri 06:00-09:00 | Morning Edition | Ana Reyes\nSat 10:00-09:00 | Backwards Show',
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /<h2 id="error-summary-h">The station was not saved<\/h2>/)
    assert.match(bad.body, /<li><a href="#f-timeZone">&quot;Europe\/Londres&quot; is not a time zone we know/)
    assert.match(
      bad.body,
      /<li><a href="#f-schedule">Schedule, line 2: &quot;Backwards Show&quot; ends \(Sat 09:00\) before it starts \(Sat 10:00\)<\/a><\/li>/,
    )
    assert.match(
      bad.body,
      /<textarea id="f-schedule" name="schedule" aria-describedby="schedule-hint schedule-error" aria-invalid="true" rows="12" spellcheck="false">Mon-Fri 06:00-09:00 \| Morning Edition \| Ana Reyes\nSat 10:00-09:00 \| Backwards Show<\/textarea>/,
      'what was typed is kept',
    )
    assert.deepEqual(await live.stations.list(1), [], 'nothing saved')

    const good = await form('/newsroom/stations', {
      name: 'Dateline Radio',
      timeZone: 'Europe/London',
      streams: 'https://radio.example/live.mp3',
      statusUrl: `${statusBase}/broken/status-json.xsl`,
      schedule: 'Mon-Fri 06:00-09:00 | Morning Edition | Ana Reyes',
    })
    assert.equal(good.statusCode, 303)
    const edit = await app.inject({ method: 'GET', url: good.headers.location as string })
    assert.match(edit.body, /The station was saved\./)
    // the broken status URL is reported plainly to the admin
    assert.match(
      edit.body,
      /<span class="status status--malformed">Status not readable<\/span> <span class="status__message">The status URL did not answer valid JSON/,
    )
    assert.match(edit.body, />Mon-Fri 06:00-09:00 \| Morning Edition \| Ana Reyes<\/textarea>/)
  })

  test('newsroom: an unreachable status URL is shown as such in the list; delete works', async () => {
    const [s] = await live.stations.list(1)
    await live.stations.update(s!.id, { ...station, statusUrl: `http://127.0.0.1:${await closedPort()}/status-json.xsl` })
    const list = await app.inject({ method: 'GET', url: '/newsroom/stations' })
    assert.match(
      list.body,
      /<span class="status status--unreachable">Status unreachable<\/span> <span class="status__message">The status URL could not be read: ECONNREFUSED/,
    )
    const deleted = await form(`/newsroom/stations/${s!.id}/delete`, {})
    assert.equal(deleted.statusCode, 303)
    assert.match((await app.inject({ method: 'GET', url: deleted.headers.location as string })).body, /The station was deleted\./)
  })
})

describe('who may manage stations', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ build: { scheduler: false } })
  })
  after(async () => {
    await t.close()
  })

  test('only admins; others are refused and nothing changes', async () => {
    const editor = await staffSession(t, 'editor')
    const admin = await staffSession(t, 'admin')
    const body = { name: 'Pirate Radio', timeZone: 'UTC', streams: ['https://pirate.example/live.mp3'] }
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/admin/stations', payload: body })
    assert.equal(anonymous.statusCode, 401)
    const asEditor = await t.app.inject({ method: 'POST', url: '/api/admin/stations', payload: body, headers: editor.headers })
    assert.equal(asEditor.statusCode, 403)
    assert.equal((await t.app.inject({ method: 'GET', url: '/newsroom/stations', headers: { cookie: editor.cookie } })).statusCode, 403)
    const page = await t.app.inject({ method: 'GET', url: '/newsroom/stations' })
    assert.equal(page.statusCode, 303)
    assert.equal(page.headers.location, '/newsroom/sign-in?next=%2Fnewsroom%2Fstations')
    // an admin's cookie without the CSRF token is not enough to change anything
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/admin/stations', payload: body, headers: { cookie: admin.cookie } })
    assert.equal(noCsrf.statusCode, 403)
    assert.equal(noCsrf.json().error.code, 'CSRF_INVALID')
    assert.deepEqual(await t.app.live.stations.list(1), [])
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/admin/stations', payload: body, headers: admin.headers })).statusCode, 201)
  })

  test('every station route declares its policy', () => {
    const mine = t.app.routePolicies.filter((r) => r.url.includes('station') || r.url.startsWith('/live'))
    for (const r of mine) assert.equal(r.policy, r.url.startsWith('/api/admin/') || r.url.startsWith('/newsroom/') ? 'admin' : 'public', `${r.method} ${r.url}`)
    assert.ok(mine.length >= 14)
  })
})

after(closeTemplate)
