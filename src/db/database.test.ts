import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { sql } from 'kysely'
import { EMBEDDED_SHARED_BUFFERS, openDatabase } from './database.ts'

test('the embedded database keeps a small buffer pool (all of it is resident from the start)', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-database-'))
  const database = await openDatabase({ dataDir: path.join(dir, 'data') })
  try {
    const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(database.db)
    assert.equal(rows[0]!.shared_buffers, EMBEDDED_SHARED_BUFFERS)
    assert.equal(EMBEDDED_SHARED_BUFFERS, '32MB')
  } finally {
    await database.close()
    await fs.rm(dir, { recursive: true, force: true })
  }
})
