import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import net from 'node:net'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'

const url = process.env.DATABASE_URL
const skip = url ? undefined : 'DATABASE_URL is not set (several workers need PostgreSQL)'
if (skip) console.log(`# skipping cluster test: ${skip}`)

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

/** A request on a fresh connection each time, so the cluster hands it to any worker. */
function request(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('cluster mode: WORKERS=2 on one PostgreSQL behaves as one site', { skip }, () => {
  const dbName = `dateline_cluster_${process.pid}`
  let child: ChildProcess
  let port = 0
  let output = ''

  before(async () => {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create database ${dbName}`)
    await admin.end()
    const dbUrl = new URL(url!)
    dbUrl.pathname = `/${dbName}`
    port = await freePort()
    child = spawn(process.execPath, ['bin/start.js'], {
      env: { ...process.env, WORKERS: '2', DATABASE_URL: dbUrl.href, PORT: String(port), LOG_LEVEL: 'warn', SITE_URL: `http://127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (d) => (output += d))
    child.stderr!.on('data', (d) => (output += d))
    const deadline = Date.now() + 120_000
    // the first administrator is made (and its password printed) once every worker listens
    while (!/with 2 workers/.test(output) || !/password\s+\S+/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`cluster did not start:\n${output}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  })

  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`drop database if exists ${dbName} with (force)`)
    await admin.end()
  })

  test('both workers serve; a publish through one is on every worker’s pages at once', async () => {
    const email = /e-mail\s+(\S+)/.exec(output)![1]!
    const password = /password\s+(\S+)/.exec(output)![1]!
    const form = await request(port, '/newsroom/sign-in')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!
    const anon = /dl_csrf=([^;]+)/.exec(String(form.headers['set-cookie']))![1]!
    const signIn = await request(port, '/newsroom/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `dl_csrf=${anon}` },
      body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
    })
    assert.equal(signIn.status, 303)
    const first = /dl_session=[^;]+/.exec(String(signIn.headers['set-cookie']))![0]
    // the first administrator's password is a one-time one: replace it before anything else
    const account = await request(port, '/newsroom/account', { headers: { cookie: first } })
    const accountCsrf = /name="csrf-token" content="([^"]+)"/.exec(account.body)![1]!
    const changed = await request(port, '/newsroom/account/password', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first },
      body: new URLSearchParams({ _csrf: accountCsrf, current: password, next: 'Cluster-admin-password-42' }).toString(),
    })
    assert.equal(changed.status, 303)
    const cookie = /dl_session=[^;]+/.exec(String(changed.headers['set-cookie']))![0]
    const page = await request(port, '/newsroom', { headers: { cookie } })
    const token = /name="csrf-token" content="([^"]+)"/.exec(page.body)![1]!
    const headers = { cookie, 'x-csrf-token': token, 'content-type': 'application/json' }

    // warm every worker's cache
    for (let i = 0; i < 8; i++) assert.equal((await request(port, '/')).status, 200)
    const created = await request(port, '/api/admin/articles', {
      method: 'POST',
      headers,
      body: JSON.stringify({ headline: 'One site on two workers', sectionId: 1 }),
    })
    assert.equal(created.status, 201, created.body)
    const id = JSON.parse(created.body).id
    const published = await request(port, `/api/admin/articles/${id}/workflow`, { method: 'POST', headers, body: JSON.stringify({ action: 'publish' }) })
    assert.equal(published.status, 200)
    await new Promise((r) => setTimeout(r, 1000))
    const pids = new Set<string>()
    for (let i = 0; i < 12; i++) {
      const home = await request(port, '/')
      assert.match(home.body, /One site on two workers/, `request ${i} saw a stale home page`)
      pids.add(String(home.headers['x-served-by']))
    }
    assert.equal(pids.size, 2, 'both workers answered')
  })
})
