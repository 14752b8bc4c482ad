import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { SEED_CAPTURE_PATH } from '../demo/load-demo.ts'

const run = promisify(execFile)
const BIN = path.resolve('bin/dateline.js')
let dir: string

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-cli-'))
})
after(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

async function dateline(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(dir, 'data') }
  delete env.DATABASE_URL
  try {
    const r = await run(process.execPath, [BIN, ...args], { env })
    return { code: 0, ...r }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

test('npx dateline import-text: imports, then updates the same article', async () => {
  const first = await dateline(['import-text', SEED_CAPTURE_PATH, '--section', 'Asia & Pacific'])
  assert.equal(first.code, 0, first.stderr)
  assert.match(first.stdout, /^Imported article 1: "UN Security Council's discussion of North Korea's human rights record" \(derived headline: an editor should write one\)/)
  assert.match(first.stdout, /12 body blocks, 5 related headlines, dateline MOSCOW/)
  const second = await dateline(['import-text', SEED_CAPTURE_PATH, '--headline', 'Council Debate Leaves China Worried'])
  assert.equal(second.code, 0, second.stderr)
  assert.match(second.stdout, /^Updated article 1: "Council Debate Leaves China Worried"/)
})

test('a file it cannot read: a clear error naming the line, exit code 1', async () => {
  const bad = path.join(dir, 'bad.txt')
  await fs.writeFile(bad, '03:38 GMT 05 August 2020\nAsia & Pacific\n\n')
  const r = await dateline(['import-text', bad])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /error: line 4: no lead paragraph/)
  const missing = await dateline(['import-text', path.join(dir, 'missing.txt')])
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /no such file/)
})

test('--help and unknown commands', async () => {
  const help = await dateline(['--help'])
  assert.equal(help.code, 0)
  assert.match(help.stdout, /import-text \[options\] <file>/)
  const unknown = await dateline(['frobnicate'])
  assert.equal(unknown.code, 1)
  assert.match(unknown.stderr, /unknown command 'frobnicate'/)
})

test('npx dateline station add / list / remove: a way to configure live radio without the newsroom', async () => {
  const schedule = path.join(dir, 'schedule.txt')
  await fs.writeFile(schedule, 'Mon-Fri 06:00-09:00 | Morning Edition | Ana Reyes\nFri 23:00 - Sat 01:00 | Late Night\n')
  const added = await dateline(['station', 'add', '--name', 'Dateline Radio', '--stream', 'https://radio.example/live.mp3', '--stream', 'https://radio.example/hls/live.m3u8', '--schedule', schedule])
  assert.equal(added.code, 0, added.stderr)
  assert.match(added.stdout, /^Added station \d+: "Dateline Radio" \(2 streams, 6 programmes\), at \/live$/m)
  const listed = await dateline(['station', 'list'])
  assert.match(listed.stdout, /\tdateline-radio\tDateline Radio\tEurope\/London\thttps:\/\/radio.example\/live.mp3 https:\/\/radio.example\/hls\/live.m3u8/)

  await fs.writeFile(schedule, 'Mon 06:00-09:00 | Morning\nTue 10:00-09:00 | Backwards\n')
  const bad = await dateline(['station', 'add', '--name', 'Second', '--stream', 'https://radio.example/b.mp3', '--time-zone', 'Narnia/Cair_Paravel', '--schedule', schedule])
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /error: "Narnia\/Cair_Paravel" is not a time zone we know/)
  assert.match(bad.stderr, /error: Schedule, line 2: "Backwards" ends \(Tue 09:00\) before it starts \(Tue 10:00\)/)

  const removed = await dateline(['station', 'remove', 'dateline-radio'])
  assert.equal(removed.code, 0, removed.stderr)
  assert.match((await dateline(['station', 'list'])).stdout, /No stations/)
  assert.equal((await dateline(['station', 'remove', 'dateline-radio'])).code, 1)
})
