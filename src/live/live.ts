/**
 * The live-radio module's parts, built once per app from its dependencies: the station service,
 * the now-playing poller, the header's Listen Live player for every public page, and the stream
 * origins the Content-Security-Policy must allow.
 */
import type { Kit } from '../module.ts'
import type { SafeHtml } from '../web/html.ts'
import type { Translator } from '../web/i18n.ts'
import { createNowPlaying } from './now-playing.ts'
import { createStationService } from './station-service.ts'
import { livePlayer, offAirPlayer } from './templates.ts'
import { playerView } from './view-models.ts'

/** How often the CSP's list of stream origins is re-read, so other nodes' edits arrive. */
const ORIGINS_TTL_MS = 60_000

export interface LiveOptions {
  /** Seconds between Icecast status polls (while someone listens). */
  pollIntervalMs?: number
  statusTimeoutMs?: number
  /** The fetch used for status URLs (an admin's input): one that refuses internal addresses. */
  fetch?: typeof fetch
}

export function createLive(deps: Pick<Kit, 'db' | 'events' | 'log' | 'now'>, options: LiveOptions = {}) {
  const { log, now } = deps
  const stations = createStationService({ db: deps.db, events: deps.events, log, now })
  const nowPlaying = createNowPlaying({
    log,
    now,
    intervalMs: options.pollIntervalMs,
    timeoutMs: options.statusTimeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    reload: async (s) => (await stations.forReaders(s.editionId)).find((x) => x.id === s.id),
  })

  let hlsOrigins: string[] = []
  let originsAt = 0
  let loading: Promise<void> | undefined
  function loadOrigins(): Promise<void> {
    loading ??= stations
      .listAll()
      .then((all) => {
        const set = new Set<string>()
        for (const s of all) for (const stream of s.streams) if (stream.format === 'hls') set.add(new URL(stream.url).origin)
        hlsOrigins = [...set].sort()
        originsAt = Date.now()
      })
      .catch((err) => log.warn({ err }, 'live: could not read stream origins for the CSP'))
      .finally(() => (loading = undefined))
    return loading
  }
  deps.events.on('stations.changed', () => loadOrigins())

  return {
    stations,
    nowPlaying,
    now,

    /** The header's Listen Live player for the edition's default station; without one, the button says "Off air". */
    async headerTools(editionId: number, edition?: { i18n: Translator; prefix: string }): Promise<SafeHtml | undefined> {
      try {
        const [station] = await stations.forReaders(editionId)
        return station && station.streams.length > 0
          ? livePlayer(playerView(station, true, edition?.prefix), edition?.i18n)
          : offAirPlayer(edition?.i18n, edition?.prefix)
      } catch (err) {
        // A page without the button is better than no page.
        log.warn({ err }, 'live: stations could not be read for the header')
        return undefined
      }
    },

    /**
     * Origins of HLS playlists, for connect-src: hls.js fetches playlists and segments with XHR.
     * (Icecast mounts play in <audio>, which media-src covers.) Synchronous, as helmet asks.
     */
    cspConnectSources(): string[] {
      if (Date.now() - originsAt > ORIGINS_TTL_MS) void loadOrigins()
      return hlsOrigins
    },

    /** Another node changed a station: drop cached stations and re-read the CSP's origins. */
    stationsChanged(): void {
      stations.forgetAll()
      void loadOrigins()
    },

    /** Reads what the first requests need; a database that is down only means no origins yet. */
    async warm(): Promise<void> {
      await loadOrigins()
    },

    close(): void {
      nowPlaying.close()
    },
  }
}

export type Live = ReturnType<typeof createLive>
