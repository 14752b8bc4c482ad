import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { SEED_HEADLINE } from './demo/demo-articles.ts'

/** `npm start` as a fresh checkout runs it: the embedded database, nothing configured but the port. */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'SITE_URL', 'WORKERS', 'DEMO_CONTENT', 'ADMIN_EMAIL']) if (!(name in env)) delete childEnv[name]
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
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
})
