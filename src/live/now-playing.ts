/**
 * Now playing: one poller per process reads each station's Icecast status for everyone, caches
 * it, and pushes changes (title, listeners, on-air state, the programme on now) to subscribers,
 * the open players' server-sent event streams. A station is polled only while someone listens;
 * the newsroom can ask for a fresh check at any time.
 */
import type { Logger } from 'pino'
import { AppError } from '../errors.ts'
import { fetchIcecastStatus, type StreamStatus } from './icecast-status.ts'
import { dayLabel, onAir, type Occurrence } from './schedule.ts'
import type { Station } from './types.ts'

/** A programme as players show it. */
export interface ProgrammeView {
  show: string
  host: string
  start: string
  end: string
  /** "06:00–09:00" in the station's time zone. */
  label: string
  /** "Today", "Tomorrow", "Friday", "Next Sunday". */
  day: string
}

/** What open players are told: no status URLs, no error detail. */
export interface NowPlayingUpdate {
  station: string
  /** A source is on air per Icecast; null when the station has no status URL or it cannot be read. */
  live: boolean | null
  title: string | null
  listeners: number | null
  onNow: ProgrammeView | null
  next: ProgrammeView | null
}

export interface NowPlayingOptions {
  log: Logger
  now: () => Date
  /** Finds a station again by id, so edits reach open players. */
  reload: (station: Station) => Promise<Station | undefined>
  intervalMs?: number
  timeoutMs?: number
  maxSubscribers?: number
  fetch?: typeof fetch
}

const UNCHECKED: StreamStatus = { state: 'unchecked', message: 'Not checked yet', title: null, listeners: null, checkedAt: null }
const NO_STATUS_URL: StreamStatus = {
  state: 'unchecked',
  message: 'No status URL is set, so titles and listener counts are not shown',
  title: null,
  listeners: null,
  checkedAt: null,
}

export function programmeView(o: Occurrence | undefined, timeZone: string, now: Date): ProgrammeView | null {
  if (!o) return null
  const local = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d)
  return {
    show: o.programme.show,
    host: o.programme.host,
    start: o.start.toISOString(),
    end: o.end.toISOString(),
    label: `${local(o.start)}–${local(o.end)}`,
    day: dayLabel(timeZone, o.start, now),
  }
}

export function createNowPlaying(options: NowPlayingOptions) {
  const { log } = options
  const intervalMs = options.intervalMs ?? 10_000
  const timeoutMs = options.timeoutMs ?? 4_000
  const maxSubscribers = options.maxSubscribers ?? 5_000
  const statuses = new Map<number, { status: StreamStatus; url: string; at: number; inflight?: Promise<StreamStatus> }>()
  const subscriptions = new Map<number, { station: Station; listeners: Set<(u: NowPlayingUpdate) => void>; last: string }>()
  let subscriberCount = 0
  let timer: NodeJS.Timeout | undefined
  let closed = false

  function record(station: Station, status: StreamStatus) {
    const previous = statuses.get(station.id)?.status
    statuses.set(station.id, { status, url: station.statusUrl ?? '', at: Date.now() })
    if (previous?.state === status.state) return
    // Log transitions only: an unreachable server polled every 10 s must not flood the log.
    const fields = { stationId: station.id, station: station.slug, state: status.state }
    if (status.state === 'unreachable' || status.state === 'malformed') log.warn({ ...fields, reason: status.message }, 'live: station status cannot be read')
    else log.info(fields, `live: station is ${status.state}`)
  }

  /** Reads the station's status now (one request at a time per station). */
  function check(station: Station): Promise<StreamStatus> {
    if (!station.statusUrl) return Promise.resolve(NO_STATUS_URL)
    const entry = statuses.get(station.id)
    if (entry?.inflight && entry.url === station.statusUrl) return entry.inflight
    const inflight = fetchIcecastStatus(station.statusUrl, station.streams, { timeoutMs, now: options.now, fetch: options.fetch })
      .catch((e: Error): StreamStatus => ({
        state: 'unreachable',
        message: `The status URL could not be read: ${e.message}`,
        title: null,
        listeners: null,
        checkedAt: options.now(),
      }))
      .then((status) => {
        record(station, status)
        return status
      })
    statuses.set(station.id, { status: entry?.status ?? UNCHECKED, url: station.statusUrl, at: entry?.at ?? 0, inflight })
    return inflight
  }

  /** The last known status, without waiting; starts a check when it is older than the interval. */
  function status(station: Station): StreamStatus {
    if (!station.statusUrl) return NO_STATUS_URL
    const entry = statuses.get(station.id)
    if (!closed && (!entry || entry.url !== station.statusUrl || (!entry.inflight && Date.now() - entry.at >= intervalMs))) void check(station)
    return entry && entry.url === station.statusUrl ? entry.status : UNCHECKED
  }

  function update(station: Station): NowPlayingUpdate {
    const s = station.statusUrl ? (statuses.get(station.id)?.url === station.statusUrl ? statuses.get(station.id)!.status : UNCHECKED) : NO_STATUS_URL
    const now = options.now()
    const { current, next } = onAir(station.schedule, station.timeZone, now)
    const known = s.state === 'on-air' || s.state === 'off-air'
    return {
      station: station.slug,
      live: known ? s.state === 'on-air' : null,
      title: s.state === 'on-air' ? s.title : null,
      listeners: known ? s.listeners : null,
      onNow: programmeView(current, station.timeZone, now),
      next: programmeView(next, station.timeZone, now),
    }
  }

  /** Re-reads one subscribed station and its status, and tells its listeners if anything changed. */
  async function refresh(id: number) {
    const sub = subscriptions.get(id)
    if (!sub) return
    try {
      const fresh = await options.reload(sub.station)
      if (fresh) sub.station = fresh
      await check(sub.station)
      const u = update(sub.station)
      const text = JSON.stringify(u)
      if (text === sub.last) return
      sub.last = text
      for (const listener of sub.listeners) listener(u)
    } catch (e) {
      log.error({ err: e, stationId: id }, 'live: now-playing update failed')
    }
  }

  async function tick() {
    await Promise.all([...subscriptions.keys()].map(refresh))
    timer = undefined
    schedule()
  }

  function schedule() {
    if (closed || timer || subscriptions.size === 0) return
    timer = setTimeout(() => void tick(), intervalMs)
    timer.unref()
  }

  return {
    status,
    check,
    update,

    /** Calls `listener` with every change for the station; throws LIVE_BUSY when this node is full. */
    subscribe(station: Station, listener: (u: NowPlayingUpdate) => void): () => void {
      if (subscriberCount >= maxSubscribers) throw new AppError('LIVE_BUSY')
      let sub = subscriptions.get(station.id)
      const first = !sub
      if (!sub) {
        sub = { station, listeners: new Set(), last: JSON.stringify(update(station)) }
        subscriptions.set(station.id, sub)
      }
      sub.listeners.add(listener)
      subscriberCount++
      // The first listener of a quiet station should not wait a whole interval for its status.
      if (first) void refresh(station.id)
      schedule()
      let done = false
      return () => {
        if (done) return
        done = true
        subscriberCount--
        sub.listeners.delete(listener)
        if (sub.listeners.size === 0 && subscriptions.get(station.id) === sub) subscriptions.delete(station.id)
      }
    },

    get subscribers() {
      return subscriberCount
    },

    /** Stops polling (the app is closing). */
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      timer = undefined
      subscriptions.clear()
    },
  }
}

export type NowPlaying = ReturnType<typeof createNowPlaying>
