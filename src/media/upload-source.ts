import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/**
 * An upload's bytes: in memory (tests, demo content) or a file on this node's disk (the admin API
 * streams the multipart file to a temporary file, the CLI names the file). A 24-megapixel photo
 * is 10–20 MB; eight arriving at once would be hundreds of MB held in memory, several times over
 * (parser chunks, the joined buffer, copies). As files they cost nothing until read, and then only
 * a part at a time: sharp reads the file itself, the stores copy it in 1 MiB parts.
 */
export type UploadSource = Buffer | { path: string }

/** What is known of a source once it has been read through once. */
export interface SourceFacts {
  size: number
  sha256: string
}

/** The value to give sharp() or exifr: the buffer, or the file's path (read as needed). */
export const sourceInput = (s: UploadSource): Buffer | string => (Buffer.isBuffer(s) ? s : s.path)

/** The size and sha256 of a source (a file is read through once, a part at a time). */
export async function sourceFacts(s: UploadSource): Promise<SourceFacts> {
  if (Buffer.isBuffer(s)) return { size: s.length, sha256: createHash('sha256').update(s).digest('hex') }
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(s.path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return { size, sha256: hash.digest('hex') }
}

/**
 * The source's bytes in parts of at most `partBytes` (a file is never read whole into memory). A
 * file's parts are read into one buffer: each part is good until the next one is asked for (the
 * stores send a part before asking for the next), so a 24-megapixel photo leaves one megabyte to
 * collect rather than a dozen.
 */
export async function* sourceParts(s: UploadSource, partBytes: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(s)) {
    for (let at = 0; at < s.length; at += partBytes) yield s.subarray(at, at + partBytes)
    return
  }
  const handle = await fs.open(s.path, 'r')
  const buffer = Buffer.allocUnsafe(partBytes)
  try {
    for (;;) {
      let filled = 0
      while (filled < partBytes) {
        const { bytesRead } = await handle.read(buffer, filled, partBytes - filled, null)
        if (bytesRead === 0) break
        filled += bytesRead
      }
      if (filled === 0) return
      yield buffer.subarray(0, filled)
      if (filled < partBytes) return
    }
  } finally {
    await handle.close()
  }
}

/** A readable stream of the source (for an HTTP request body). */
export function sourceStream(s: UploadSource): Readable | Buffer {
  return Buffer.isBuffer(s) ? s : createReadStream(s.path, { highWaterMark: 256 * 1024 })
}

/** A temporary file that a stream is written to, hashed and counted on the way; removed with `remove()`. */
export interface StagedFile extends SourceFacts {
  path: string
  remove(): Promise<void>
}

/** Writes `stream` to a new temporary file in `dir` (default: the system's), hashing it as it goes. */
export async function stageStream(stream: Readable, dir = os.tmpdir()): Promise<StagedFile> {
  const file = path.join(dir, `dateline-upload-${process.pid}-${randomBytes(8).toString('hex')}.tmp`)
  const hash = createHash('sha256')
  let size = 0
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    },
  })
  const remove = () => fs.rm(file, { force: true })
  try {
    await pipeline(stream, count, createWriteStream(file, { flags: 'wx', mode: 0o600 }))
  } catch (e) {
    await remove()
    throw e
  }
  return { path: file, size, sha256: hash.digest('hex'), remove }
}
