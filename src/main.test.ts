import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { readFileSync } from 'node:fs'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { SEED_HEADLINE } from './demo/demo-articles.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The environment of a fresh checkout: the embedded database, nothing configured but what is given. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'SITE_URL', 'WORKERS', 'DEMO_CONTENT', 'ADMIN_EMAIL']) if (!(name in env)) delete childEnv[name]
  return childEnv
}

/** `npm start` exactly: node on the built server (bin/start.js, the package's start script), no tsx. */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  const args = script.split(/\s+/).slice(1)
  assert.equal(script.split(/\s+/)[0], 'node', 'npm start runs plain node')
  assert.ok(!script.includes('tsx'), 'npm start does not run TypeScript through tsx')
  const child = spawn(process.execPath, args, { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  return { child, output: () => output }
}

async function waitFor(run: { child: ChildProcess; output: () => string }, pattern: RegExp, ms = 60_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms
  for (;;) {
    const m = pattern.exec(run.output())
    if (m) return m
    if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} (exit ${run.child.exitCode}):\n${run.output()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** SIGTERM, then the exit code; fails if the process does not stop. */
async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref())
  const result = await Promise.race([exited, timeout])
  if (result === 'timeout') {
    child.kill('SIGKILL')
    assert.fail('the server did not exit within 15 s of SIGTERM')
  }
  return result
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

const occurrences = (text: string, part: string) => text.split(part).length - 1
const PASSWORD_LINE = /^\s+password\s+(\S+)$/gm
const DEMO_LOADED = /demo content loaded into the empty database/

describe('npm start on a fresh checkout', () => {
  let tmp = ''
  const running: ChildProcess[] = []
  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-start-'))
  })
  after(async () => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL')
    await fs.rm(tmp, { recursive: true, force: true })
  })

  test('serves the demo site with the seed article, prints the admin password once; a restart loads nothing again', { timeout: 120_000 }, async () => {
    const env = { DATA_DIR: path.join(tmp, 'data'), PORT: String(await freePort()) }

    const first = start(env)
    running.push(first.child)
    const url = (await waitFor(first, /listening on (http:\/\/\S+?)\)/))[1]!
    await waitFor(first, /This password is shown only now/, 5_000)
    const health = await fetch(`${url}/healthz`)
    assert.equal(health.status, 200)
    assert.deepEqual(await health.json(), { ok: true, database: 'up' })
    const home = await fetch(`${url}/`)
    assert.equal(home.status, 200)
    const homeHtml = await home.text()
    assert.ok(homeHtml.includes(SEED_HEADLINE), 'the home page lists the seed article')
    assert.equal([...first.output().matchAll(PASSWORD_LINE)].length, 1, 'one password, printed once')
    assert.match(first.output(), DEMO_LOADED)
    assert.equal(await stop(first.child), 0)

    const second = start(env)
    running.push(second.child)
    await waitFor(second, /listening on http:\/\//)
    const again = await fetch(`${url}/`)
    assert.equal(again.status, 200)
    const againHtml = await again.text()
    assert.equal(occurrences(againHtml, SEED_HEADLINE), occurrences(homeHtml, SEED_HEADLINE), 'the seed article is listed as often as before: not loaded twice')
    assert.doesNotMatch(second.output(), PASSWORD_LINE, 'no password on the second start')
    assert.doesNotMatch(second.output(), /administrator account was created/)
    assert.doesNotMatch(second.output(), DEMO_LOADED)
    assert.equal(await stop(second.child), 0)
  })

  // (every refusal is tested in config.test.ts and db/data-dir.test.ts; these check that the start uses them)
  test('a bad WORKERS or DATA_DIR stops the start with a message naming it', { timeout: 60_000 }, async () => {
    const file = path.join(tmp, 'a-file')
    await fs.writeFile(file, 'not a folder')
    for (const [env, named] of [
      [{ WORKERS: 'lots' }, /WORKERS must be a number from 1 to 999 or "auto", got "lots"/],
      [{ DATA_DIR: file }, /DATA_DIR must be a folder .* is a file, not a folder/],
    ] as const) {
      const run = start({ DATA_DIR: path.join(tmp, 'unused'), PORT: String(await freePort()), ...env })
      running.push(run.child)
      const code = await new Promise((resolve) => run.child.once('exit', resolve))
      assert.equal(code, 2, run.output())
      assert.match(run.output(), named)
      assert.doesNotMatch(run.output(), /\n\s+at /, 'no stack trace')
    }
  })

  test('a start that fails (port in use) creates no administrator: the next start still prints a way in', { timeout: 120_000 }, async () => {
    const env = { DATA_DIR: path.join(tmp, 'busy'), PORT: String(await freePort()) }
    const blocker = net.createServer().listen(Number(env.PORT), '127.0.0.1')
    await new Promise((r) => blocker.once('listening', r))
    try {
      const failed = start(env)
      running.push(failed.child)
      const code = await new Promise((resolve) => failed.child.once('exit', resolve))
      assert.notEqual(code, 0, 'the start fails on a busy port')
      assert.match(failed.output(), /EADDRINUSE|address already in use/i)
      assert.doesNotMatch(failed.output(), PASSWORD_LINE, 'no password shown for a site that never served')
    } finally {
      await new Promise((r) => blocker.close(r))
    }
    const next = start(env)
    running.push(next.child)
    const url = (await waitFor(next, /listening on (http:\/\/\S+?)\)/))[1]!
    const password = (await waitFor(next, /^\s+password\s+(\S+)$/m, 10_000))[1]!
    // the printed password signs in
    const form = await fetch(`${url}/newsroom/sign-in`)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!
    const signIn = await fetch(`${url}/newsroom/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, email: 'admin@dateline.local', password, next: '/newsroom' }).toString(),
    })
    assert.equal(signIn.status, 303, 'the printed password signs in')
    assert.equal(await stop(next.child), 0)
  })

  test(
    'npx dateline works beside the running site on the embedded database: its changes show on the pages without a restart',
    { timeout: 180_000 },
    async () => {
      const env = { DATA_DIR: path.join(tmp, 'beside'), PORT: String(await freePort()) }
      const site = start(env)
      running.push(site.child)
      const url = (await waitFor(site, /listening on (http:\/\/\S+?)\)/))[1]!
      const before = await (await fetch(`${url}/`)).text()
      assert.match(before, /Listen Live<\/span> <span class="live-button__state">Off air/, 'no station yet: the button says off air')

      const dateline = async (args: string[]) => {
        try {
          return { code: 0, ...(await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/dateline.js'), ...args], { cwd: ROOT, env: cleanEnv(env) })) }
        } catch (e) {
          const err = e as { code: number; stdout: string; stderr: string }
          return { code: err.code, stdout: err.stdout, stderr: err.stderr }
        }
      }
      const capture = path.join(tmp, 'capture.txt')
      await fs.writeFile(capture, (await fs.readFile(path.join(ROOT, 'src/demo/seed-capture.txt'), 'utf8')).replace(/North Korea/g, 'Ruritania'))
      const imported = await dateline(['import-text', capture, '--section', 'World', '--headline', 'Ruritania Answers the Council'])
      assert.equal(imported.code, 0, imported.stderr)
      assert.match(imported.stdout, /^Imported article \d+: "Ruritania Answers the Council"/)
      const station = await dateline(['station', 'add', '--name', 'Dateline Radio', '--stream', 'https://radio.example/live.mp3'])
      assert.equal(station.code, 0, station.stderr)
      assert.match(station.stdout, /^Added station \d+: "Dateline Radio"/)
      const listed = await dateline(['station', 'list'])
      assert.match(listed.stdout, /dateline-radio\tDateline Radio/)

      // the same server, never restarted, shows both at once (its caches heard the changes)
      const after = await (await fetch(`${url}/`)).text()
      assert.ok(after.includes('Ruritania Answers the Council'), 'the imported article is on the home page')
      assert.match(after, /data-live-player data-station="dateline-radio"/, 'the header plays the new station')
      assert.match(site.output(), /admin socket: running a command/, 'the commands ran inside the server')

      // a mistake is refused before anything is opened, the site untouched
      const bad = await dateline(['user', 'add', '--email', 'not-an-address'])
      assert.equal(bad.code, 1)
      assert.match(bad.stderr, /--email: Give a valid e-mail address/)
      assert.equal(await stop(site.child), 0)
    },
  )
})
