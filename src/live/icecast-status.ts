/**
 * Reading an Icecast server's status-json.xsl: which of a station's mounts have a source on air,
 * the current title and the listener count. Every way it can go wrong (no answer, a slow answer,
 * an error status, a body that is not JSON or not Icecast's shape) becomes a plain-words result,
 * never an exception, because readers' pages must not care.
 */
import type { StationStream } from './types.ts'

export type StatusState = 'on-air' | 'off-air' | 'unreachable' | 'malformed' | 'unchecked'

export interface StreamStatus {
  state: StatusState
  /** What an admin should read in the newsroom. */
  message: string
  title: string | null
  listeners: number | null
  checkedAt: Date | null
}

const MAX_BODY = 512 * 1024

interface IcecastSource {
  listenurl?: unknown
  title?: unknown
  artist?: unknown
  listeners?: unknown
}

/** The mount path of a stream URL ("/live.mp3"). */
function mountOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname)
  } catch {
    return undefined
  }
}

/** Interprets a status-json.xsl body for a station's streams. */
export function readIcecastStatus(body: string, streams: readonly StationStream[], now: Date): StreamStatus {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (e) {
    return {
      state: 'malformed',
      message: `The status URL did not answer valid JSON (${(e as Error).message.slice(0, 120)})`,
      title: null,
      listeners: null,
      checkedAt: now,
    }
  }
  const icestats = (json as { icestats?: unknown } | null)?.icestats
  if (!icestats || typeof icestats !== 'object') {
    return {
      state: 'malformed',
      message: 'The status URL answered JSON, but not Icecast status (no "icestats"): is it the status-json.xsl address?',
      title: null,
      listeners: null,
      checkedAt: now,
    }
  }
  const raw = (icestats as { source?: unknown }).source
  // Icecast writes one source as an object, several as an array, none as no key at all.
  const sources = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).filter((s): s is IcecastSource => !!s && typeof s === 'object')
  const mounts = new Set(
    streams
      .filter((s) => s.format !== 'hls')
      .map((s) => mountOf(s.url))
      .filter((m) => m !== undefined),
  )
  const ours = mounts.size === 0 ? sources : sources.filter((s) => typeof s.listenurl === 'string' && mounts.has(mountOf(s.listenurl) ?? ''))
  if (ours.length === 0) {
    const names = [...mounts].join(', ') || 'the station’s mount'
    return { state: 'off-air', message: `Icecast answers, but no source is connected to ${names}`, title: null, listeners: 0, checkedAt: now }
  }
  const listeners = ours.reduce((n, s) => n + (typeof s.listeners === 'number' && Number.isFinite(s.listeners) && s.listeners >= 0 ? s.listeners : 0), 0)
  const withTitle = ours.find((s) => typeof s.title === 'string' && s.title.trim() !== '')
  const title = withTitle ? cleanTitle(withTitle) : null
  return {
    state: 'on-air',
    message: `On air${title ? `: ${title}` : ''} (${listeners} ${listeners === 1 ? 'listener' : 'listeners'})`,
    title,
    listeners,
    checkedAt: now,
  }
}

function cleanTitle(s: IcecastSource): string {
  const title = String(s.title).trim()
  const artist = typeof s.artist === 'string' ? s.artist.trim() : ''
  const full = artist && !title.includes(artist) ? `${artist} – ${title}` : title
  // Titles come from whatever the encoder sends: keep them short and free of control characters.
  return full.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300)
}

/** Fetches and reads a status URL with a time limit and a size limit. */
export async function fetchIcecastStatus(
  url: string,
  streams: readonly StationStream[],
  options: { timeoutMs: number; now: () => Date; fetch?: typeof fetch },
): Promise<StreamStatus> {
  const doFetch = options.fetch ?? fetch
  const unreachable = (why: string): StreamStatus => ({
    state: 'unreachable',
    message: `The status URL could not be read: ${why}`,
    title: null,
    listeners: null,
    checkedAt: options.now(),
  })
  let response: Response
  try {
    response = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs), headers: { accept: 'application/json' }, redirect: 'follow' })
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } }
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return unreachable(`no answer within ${options.timeoutMs / 1000} seconds`)
    if (err.cause?.code) return unreachable(`${err.cause.code} (is the server running, and the address right?)`)
    return unreachable(err.cause?.message ? `${err.message}: ${err.cause.message}` : err.message)
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {})
    return unreachable(`it answered HTTP ${response.status}`)
  }
  try {
    const body = await readLimited(response, MAX_BODY)
    if (body === undefined)
      return {
        state: 'malformed',
        message: `The status URL answered more than ${MAX_BODY / 1024} KB; that is not Icecast status`,
        title: null,
        listeners: null,
        checkedAt: options.now(),
      }
    return readIcecastStatus(body, streams, options.now())
  } catch (e) {
    const err = e as Error
    return unreachable(
      err.name === 'TimeoutError' || err.name === 'AbortError' ? `the answer did not finish within ${options.timeoutMs / 1000} seconds` : err.message,
    )
  }
}

async function readLimited(response: Response, max: number): Promise<string | undefined> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => {})
      return undefined
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
