import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Queryable } from '../db/types.ts'
import type { OriginalStoreKind } from './tables.ts'
import { sourceParts, type UploadSource } from './upload-source.ts'

/**
 * Where originals live, by the sha256 of their bytes (the same file uploaded twice is stored once).
 * The database store writes in the caller's transaction, so a picture is stored whole or not at
 * all; the disk store writes a temporary file and renames it into place, and the caller removes it
 * again if the transaction that records it fails; so does the S3-compatible store (s3-store.ts).
 */
export interface OriginalStore {
  kind: OriginalStoreKind
  /** Keeps the bytes under their hash; a no-op when they are already there. */
  put(db: Queryable, sha256: string, source: UploadSource, size: number): Promise<void>
  get(db: Queryable, sha256: string): Promise<Buffer | undefined>
  /** Forgets the bytes (when no picture uses them any more). */
  remove(db: Queryable, sha256: string): Promise<void>
}

/** Parts of 1 MiB: small enough for any PostgreSQL client and PGlite's memory, few enough to be quick. */
export const PART_BYTES = 1024 * 1024

/** Originals in the media_blobs table: every node on the same PostgreSQL reads them, with nothing else to run. */
export function databaseStore(): OriginalStore {
  return {
    kind: 'database',
    async put(db, sha256, source) {
      const exists = await db.selectFrom('media_blobs').select('part').where('sha256', '=', sha256).where('part', '=', 0).executeTakeFirst()
      if (exists) return
      let part = 0
      for await (const bytes of sourceParts(source, PART_BYTES)) {
        await db
          .insertInto('media_blobs')
          .values({ sha256, part: part++, bytes })
          .onConflict((oc) => oc.columns(['sha256', 'part']).doNothing())
          .execute()
      }
    },
    async get(db, sha256) {
      const rows = await db.selectFrom('media_blobs').select(['part', 'bytes']).where('sha256', '=', sha256).orderBy('part').execute()
      if (rows.length === 0) return undefined
      return Buffer.concat(rows.map((r) => Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength)))
    },
    async remove(db, sha256) {
      await db.deleteFrom('media_blobs').where('sha256', '=', sha256).execute()
    },
  }
}

/** Originals as files under `dir` (ab/cd/abcd…): for a shared volume, or a single node that wants a small database. */
export function diskStore(dir: string): OriginalStore {
  const fileOf = (sha256: string) => path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256)
  return {
    kind: 'disk',
    async put(_db, sha256, source) {
      const file = fileOf(sha256)
      try {
        await fs.access(file)
        return
      } catch {
        // not there yet
      }
      await fs.mkdir(path.dirname(file), { recursive: true })
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
      try {
        if (Buffer.isBuffer(source)) await fs.writeFile(tmp, source, { flag: 'wx' })
        else await fs.copyFile(source.path, tmp, fs.constants.COPYFILE_EXCL)
        await fs.rename(tmp, file)
      } catch (e) {
        await fs.rm(tmp, { force: true })
        throw e
      }
    },
    async get(_db, sha256) {
      try {
        return await fs.readFile(fileOf(sha256))
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw e
      }
    },
    async remove(_db, sha256) {
      await fs.rm(fileOf(sha256), { force: true })
    },
  }
}
