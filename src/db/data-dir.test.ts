import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { checkDataDir } from './data-dir.ts'

let tmp = ''
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-data-dir-'))
  await fs.writeFile(path.join(tmp, 'a-file'), 'not a folder')
})
after(() => fs.rm(tmp, { recursive: true, force: true }))

test('a new folder under missing parents is fine, and its parents are created', async () => {
  const dir = path.join(tmp, 'new', 'deeper', 'data')
  assert.equal(await checkDataDir(dir), undefined)
  assert.ok((await fs.stat(path.dirname(dir))).isDirectory())
})

test('an existing, writable folder is fine', async () => {
  assert.equal(await checkDataDir(tmp), undefined)
})

test('DATA_DIR that is a file is refused, naming DATA_DIR', async () => {
  const problem = await checkDataDir(path.join(tmp, 'a-file'))
  assert.match(problem ?? '', /^DATA_DIR .*a-file" is a file, not a folder/)
})

test('DATA_DIR under a file is refused, naming DATA_DIR', async () => {
  const problem = await checkDataDir(path.join(tmp, 'a-file', 'sub', 'data'))
  assert.match(problem ?? '', /^DATA_DIR .*cannot be created \(a part of the path is a file\)/)
})

test(
  'DATA_DIR in a folder that cannot be written is refused, naming DATA_DIR',
  { skip: process.getuid?.() === 0 ? 'root may write anywhere' : undefined },
  async () => {
    const locked = path.join(tmp, 'locked')
    await fs.mkdir(locked, { mode: 0o500 })
    try {
      assert.match((await checkDataDir(path.join(locked, 'data'))) ?? '', /^DATA_DIR .*not writable/)
    } finally {
      await fs.chmod(locked, 0o700)
    }
  },
)
