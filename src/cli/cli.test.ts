import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { SEED_CAPTURE_PATH } from '../demo/load-demo.ts'
import { createAuthService } from '../accounts/auth-service.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { createMemoryRateLimiter } from '../http/rate-limit.ts'

const run = promisify(execFile)
const BIN = path.resolve('bin/dateline.js')
let dir: string

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-cli-'))
})
after(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

async function dateline(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(dir, 'data') }
  delete env.DATABASE_URL
  const running = run(process.execPath, [BIN, ...args], { env })
  running.child.stdin?.end(stdin ?? '')
  try {
    const r = await running
    return { code: 0, ...r }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

/** Opens the CLI's database (between commands) to check what a user would: can they sign in? */
async function withCliDatabase<T>(fn: (db: Database['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir: path.join(dir, 'data') })
  try {
    return await fn(database.db)
  } finally {
    await database.close()
  }
}
const signIn = (db: Database['db'], email: string, password: string) =>
  createAuthService({ db, limiter: createMemoryRateLimiter(), now: () => new Date() })
    .signIn({ email, password, ip: '192.0.2.9', userAgent: 'cli test' })
    .then((s) => s.principal.role)
    .catch((e: Error) => e.message)

test('npx dateline import-text: imports, then updates the same article', async () => {
  const first = await dateline(['import-text', SEED_CAPTURE_PATH, '--section', 'Asia & Pacific'])
  assert.equal(first.code, 0, first.stderr)
  assert.match(
    first.stdout,
    /^Imported article 1: "UN Security Council's discussion of North Korea's human rights record" \(derived headline: an editor should write one\)/,
  )
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
  const added = await dateline([
    'station',
    'add',
    '--name',
    'Dateline Radio',
    '--stream',
    'https://radio.example/live.mp3',
    '--stream',
    'https://radio.example/hls/live.m3u8',
    '--schedule',
    schedule,
  ])
  assert.equal(added.code, 0, added.stderr)
  assert.match(added.stdout, /^Added station \d+: "Dateline Radio" \(2 streams, 6 programmes\), at \/live$/m)
  const listed = await dateline(['station', 'list'])
  assert.match(listed.stdout, /\tdateline-radio\tDateline Radio\tEurope\/London\thttps:\/\/radio.example\/live.mp3 https:\/\/radio.example\/hls\/live.m3u8/)

  await fs.writeFile(schedule, 'Mon 06:00-09:00 | Morning\nTue 10:00-09:00 | Backwards\n')
  const bad = await dateline([
    'station',
    'add',
    '--name',
    'Second',
    '--stream',
    'https://radio.example/b.mp3',
    '--time-zone',
    'Narnia/Cair_Paravel',
    '--schedule',
    schedule,
  ])
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /error: "Narnia\/Cair_Paravel" is not a time zone we know/)
  assert.match(bad.stderr, /error: Schedule, line 2: "Backwards" ends \(Tue 09:00\) before it starts \(Tue 10:00\)/)

  const removed = await dateline(['station', 'remove', 'dateline-radio'])
  assert.equal(removed.code, 0, removed.stderr)
  assert.match((await dateline(['station', 'list'])).stdout, /No stations/)
  assert.equal((await dateline(['station', 'remove', 'dateline-radio'])).code, 1)
})

test('npx dateline user add / reset-password: a generated password is printed once and signs in; reset ends every session', async () => {
  const added = await dateline(['user', 'add', '--email', 'Ed@News.Example', '--role', 'editor', '--name', 'Eddie Editor'])
  assert.equal(added.code, 0, added.stderr)
  assert.match(added.stdout, /^Created editor ed@news.example \(account \d+\)\.$/m)
  const first = /^Password \(shown once\): (\S+)$/m.exec(added.stdout)?.[1]
  assert.ok(first && first.length >= 10, added.stdout)

  // a password of one's own, from standard input: nothing printed
  const own = await dateline(['user', 'add', '--email', 'rita@news.example', '--password-stdin'], 'Rita-Writes-Copy-42\n')
  assert.equal(own.code, 0, own.stderr)
  assert.match(own.stdout, /^Created reporter rita@news.example/)
  assert.doesNotMatch(own.stdout, /Password|Rita-Writes-Copy-42/)

  // mistakes: a clear message, exit code 1, nobody made
  const again = await dateline(['user', 'add', '--email', 'ed@news.example'])
  assert.equal(again.code, 1)
  assert.match(again.stderr, /error: email: An account with that e-mail address already exists/)
  const role = await dateline(['user', 'add', '--email', 'chief@news.example', '--role', 'chief'])
  assert.equal(role.code, 1)
  assert.match(role.stderr, /error: --role: The role must be one of admin, editor, reporter, moderator/)
  const short = await dateline(['user', 'add', '--email', 'shorty@news.example', '--password-stdin'], 'short\n')
  assert.equal(short.code, 1)
  assert.match(short.stderr, /error: password: /)
  const noEmail = await dateline(['user', 'add'])
  assert.equal(noEmail.code, 1)
  assert.match(noEmail.stderr, /required option '--email <email>' not specified/)

  await withCliDatabase(async (db) => {
    assert.equal(await signIn(db, 'ed@news.example', first), 'editor')
    assert.equal(await signIn(db, 'rita@news.example', 'Rita-Writes-Copy-42'), 'reporter')
    assert.deepEqual(
      (await db.selectFrom('accounts').select('email').orderBy('id').execute()).map((a) => a.email),
      ['ed@news.example', 'rita@news.example'],
    )
    assert.equal((await db.selectFrom('sessions').select('id_hash').execute()).length, 2)
  })

  const reset = await dateline(['user', 'reset-password', '--email', 'ED@news.example'])
  assert.equal(reset.code, 0, reset.stderr)
  assert.match(reset.stdout, /^Password reset for ed@news.example; every session of the account has ended\.$/m)
  const second = /^New password \(shown once\): (\S+)$/m.exec(reset.stdout)?.[1]
  assert.ok(second && second !== first, reset.stdout)
  const missing = await dateline(['user', 'reset-password', '--email', 'nobody@news.example'])
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /error: No account has the e-mail address nobody@news.example/)

  await withCliDatabase(async (db) => {
    const ed = await db.selectFrom('accounts').select('id').where('email', '=', 'ed@news.example').executeTakeFirstOrThrow()
    assert.equal((await db.selectFrom('sessions').select('id_hash').where('account_id', '=', ed.id).execute()).length, 0, 'signed out everywhere')
    assert.equal((await db.selectFrom('sessions').select('id_hash').execute()).length, 1, "Rita's session is untouched")
    assert.match(String(await signIn(db, 'ed@news.example', first)), /do not match/)
    assert.equal(await signIn(db, 'ed@news.example', second), 'editor')
  })
})

test('npx dateline media add: a picture goes into the library with what its file says; a file that is not a picture is refused before anything opens', async () => {
  const { cameraJpeg } = await import('../../test/support/media.ts')
  const photo = path.join(dir, 'harbour.jpg')
  await fs.writeFile(photo, await cameraJpeg({ width: 800, height: 500 }))
  const added = await dateline(['media', 'add', photo, '--alt', 'Ferries in the harbour', '--licence-expires', '2099-12-31'])
  assert.equal(added.code, 0, added.stderr)
  assert.match(added.stdout, /Added picture (\d+): 800 × 500 image\/jpeg, at \/media\/\1/)
  assert.match(added.stdout, /caption: Ferries in the harbour at dawn/)
  assert.match(added.stdout, /credit: Photo: Jane Photographer/)
  assert.match(added.stdout, /never published: GPS position, camera serial number/)
  const row = await withCliDatabase((db) => db.selectFrom('media').select(['alt', 'licence_expires_at']).executeTakeFirstOrThrow())
  assert.equal(row.alt, 'Ferries in the harbour')
  assert.equal(row.licence_expires_at?.toISOString(), '2099-12-31T00:00:00.000Z')

  const text = path.join(dir, 'notes.txt')
  await fs.writeFile(text, 'not a picture')
  const refused = await dateline(['media', 'add', text])
  assert.equal(refused.code, 1)
  assert.match(refused.stderr, /notes\.txt: That file is not a picture/)
  const svg = path.join(dir, 'chart.svg')
  await fs.writeFile(svg, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
  assert.match((await dateline(['media', 'add', svg])).stderr, /SVG drawings are not accepted/)
  assert.match((await dateline(['media', 'add', photo, '--licence-expires', 'soon'])).stderr, /--licence-expires must be a date/)
})
