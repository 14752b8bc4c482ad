import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createEditionStore } from '../content/people-store.ts'
import type { DB } from '../db/schema.ts'
import { isUniqueViolation } from '../db/types.ts'
import { AppError } from '../errors.ts'
import type { EventBus } from '../events.ts'
import { validateStation, type StationFields } from './station-input.ts'
import { createStationStore } from './station-store.ts'
import type { Station } from './types.ts'

/** How long readers' pages may use a cached station list; other nodes' edits show within this. */
const READER_CACHE_MS = 30_000

export interface StationServiceDeps {
  db: Kysely<DB>
  events: EventBus
  log: Logger
  now: () => Date
  editionCode?: string
}

/**
 * Stations for admins (checked writes that announce `stations.changed`) and for readers (a short
 * in-memory cache, because every public page asks whether to show the Listen Live button).
 */
export function createStationService(deps: StationServiceDeps) {
  const { db, events } = deps
  const store = createStationStore(db)
  let editionId: Promise<number> | undefined
  const cache = new Map<number, { at: number; stations: Promise<Station[]> }>()

  const forget = (id: number) => cache.delete(id)
  events.on('stations.changed', ({ editionId }) => void forget(editionId))

  async function changed(station: Pick<Station, 'editionId' | 'id'>) {
    forget(station.editionId)
    await events.emit('stations.changed', { editionId: station.editionId, stationId: station.id })
  }

  const slugTaken = (e: unknown) =>
    isUniqueViolation(e) ? new AppError('STATION_SLUG_TAKEN', { fields: [{ field: 'slug', message: 'Another station already uses that short name' }] }) : e

  return {
    /** The id of the edition the public site serves. */
    defaultEditionId(): Promise<number> {
      editionId ??= createEditionStore(db)
        .getEditionByCode(deps.editionCode ?? 'en')
        .then((e) => {
          if (!e) throw new Error('the default edition is missing')
          return e.id
        })
      editionId.catch(() => (editionId = undefined))
      return editionId
    },

    /** An edition's stations as readers see them (cached briefly). */
    async forReaders(edition: number): Promise<Station[]> {
      const hit = cache.get(edition)
      if (hit && Date.now() - hit.at < READER_CACHE_MS) return hit.stations
      const stations = store.findStations(edition)
      cache.set(edition, { at: Date.now(), stations })
      stations.catch(() => forget(edition))
      return stations
    },

    /** Forgets the readers' cache (another node changed a station). */
    forgetAll: () => cache.clear(),

    list: (edition: number) => store.findStations(edition),
    listAll: () => store.findAllStations(),
    get: (id: number) => store.getStation(id),
    getBySlug: (edition: number, slug: string) => store.getStationBySlug(edition, slug),

    async create(edition: number, fields: StationFields): Promise<Station> {
      const input = validateStation(fields, edition)
      const station = await store.createStation(input).catch((e) => Promise.reject(slugTaken(e)))
      deps.log.info({ stationId: station.id, slug: station.slug }, 'station created')
      await changed(station)
      return station
    },

    async update(id: number, fields: StationFields): Promise<Station> {
      const existing = await store.getStation(id)
      if (!existing) throw new AppError('STATION_NOT_FOUND')
      const input = validateStation(fields, existing.editionId)
      const station = await store.updateStation(id, input, deps.now()).catch((e) => Promise.reject(slugTaken(e)))
      if (!station) throw new AppError('STATION_NOT_FOUND')
      deps.log.info({ stationId: id }, 'station updated')
      await changed(station)
      return station
    },

    async remove(id: number): Promise<void> {
      const existing = await store.getStation(id)
      if (!existing || !(await store.deleteStation(id))) throw new AppError('STATION_NOT_FOUND')
      deps.log.info({ stationId: id }, 'station deleted')
      await changed(existing)
    },
  }
}

export type StationService = ReturnType<typeof createStationService>
