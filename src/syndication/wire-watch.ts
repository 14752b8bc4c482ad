import fs from 'node:fs/promises'
import type net from 'node:net'
import path from 'node:path'
import type { Logger } from 'pino'
import { isAppError } from '../errors.ts'
import { safeFetch } from '../http/safe-fetch.ts'
import type { WireDesk } from './wire-desk.ts'

const MAX_FILE_BYTES = 4 * 1024 * 1024

/** The items of a document: one ninjs item, an array of them, or `{ "items": [...] }`. */
export function itemsOf(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc
  if (typeof doc === 'object' && doc !== null && Array.isArray((doc as { items?: unknown }).items)) return (doc as { items: unknown[] }).items
  return [doc]
}

/**
 * One look at the wire folder: each *.json file is claimed (renamed, so two nodes never take the
 * same file), its items taken in, and the file moved to done/ or, with a .error.txt beside it, to failed/.
 */
export async function scanWireFolder(desk: WireDesk, dir: string, log: Logger): Promise<{ taken: number; failed: number }> {
  let taken = 0
  let failed = 0
  const names = (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json')).map((e) => e.name)
  for (const name of names.sort()) {
    const claimed = path.join(dir, `${name}.processing`)
    try {
      await fs.rename(path.join(dir, name), claimed)
    } catch {
      continue // another node took it
    }
    const problems: string[] = []
    try {
      const stat = await fs.stat(claimed)
      if (stat.size > MAX_FILE_BYTES) throw new Error(`the file is larger than ${MAX_FILE_BYTES} bytes`)
      const items = itemsOf(JSON.parse(await fs.readFile(claimed, 'utf8')))
      for (const [i, item] of items.entries()) {
        try {
          await desk.ingest(item, { source: 'folder', agency: 'Wire' })
          taken++
        } catch (e) {
          if (!isAppError(e)) throw e
          problems.push(`item ${i + 1}: ${e.publicMessage} ${e.fields.map((f) => `${f.field} ${f.message}`).join('; ')}`)
        }
      }
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e))
    }
    const to = path.join(dir, problems.length ? 'failed' : 'done')
    await fs.mkdir(to, { recursive: true })
    await fs.rename(claimed, path.join(to, name))
    if (problems.length) {
      failed++
      await fs.writeFile(path.join(to, `${name}.error.txt`), problems.join('\n') + '\n')
      log.warn({ file: name, problems }, 'wire file had items that were refused')
    }
  }
  return { taken, failed }
}

/** One poll of a wire URL (through the SSRF-safe fetch): every item it lists is taken in (repeats change nothing). */
export async function pollWireUrl(
  desk: WireDesk,
  o: { url: URL; token?: string | undefined; allowed?: net.BlockList | undefined; log: Logger },
): Promise<number> {
  const res = await safeFetch(o.url, {
    headers: { accept: 'application/ninjs+json, application/json', ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
    maxBytes: MAX_FILE_BYTES,
    timeoutMs: 20_000,
    allowed: o.allowed,
  })
  if (res.status !== 200) throw new Error(`the wire answered ${res.status}`)
  let taken = 0
  for (const item of itemsOf(JSON.parse(res.body.toString('utf8')))) {
    try {
      await desk.ingest(item, { source: 'poll', agency: o.url.hostname })
      taken++
    } catch (e) {
      if (!isAppError(e)) throw e
      o.log.warn({ url: o.url.href, problem: e.publicMessage, fields: e.fields }, 'a polled wire item was refused')
    }
  }
  return taken
}

/** Starts polling the folder and the URL that are configured; returns a function that stops. */
export function startWireWatch(
  desk: WireDesk,
  o: { dir?: string | undefined; url?: URL | undefined; token?: string | undefined; allowed?: net.BlockList | undefined; intervalMs: number; log: Logger },
): () => Promise<void> {
  if (!o.dir && !o.url) return async () => {}
  let running: Promise<unknown> = Promise.resolve()
  const round = async () => {
    if (o.dir) await scanWireFolder(desk, o.dir, o.log).catch((err) => o.log.warn({ err, dir: o.dir }, 'could not read the wire folder'))
    if (o.url)
      await pollWireUrl(desk, { url: o.url, token: o.token, allowed: o.allowed, log: o.log }).catch((err) =>
        o.log.warn({ err, url: o.url!.href }, 'could not poll the wire'),
      )
  }
  const timer = setInterval(() => {
    running = running.then(round)
  }, o.intervalMs)
  timer.unref()
  running = round()
  return async () => {
    clearInterval(timer)
    await running
  }
}
