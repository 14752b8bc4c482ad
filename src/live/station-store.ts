import type { Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'
import type { Programme, Station, StationInput, StreamFormat, Weekday } from './types.ts'

/** Runs `fn` in the open transaction, or opens one (PGlite has a single connection: never both). */
function inTransaction<T>(db: Queryable, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<DB>) : db.transaction().execute(fn)
}

/** Stations with their streams and schedules; an edition has few, so they are read whole. */
export function createStationStore(db: Queryable) {
  async function load(where: { editionId?: number; id?: number }): Promise<Station[]> {
    let q = db.selectFrom('stations').selectAll()
    if (where.editionId !== undefined) q = q.where('edition_id', '=', where.editionId)
    if (where.id !== undefined) q = q.where('id', '=', where.id)
    const rows = await q.orderBy('position').orderBy('id').execute()
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.id)
    const [streams, programmes] = await Promise.all([
      db.selectFrom('station_streams').selectAll().where('station_id', 'in', ids).orderBy('position').execute(),
      db.selectFrom('station_programmes').selectAll().where('station_id', 'in', ids).orderBy('start_day').orderBy('start_minute').orderBy('id').execute(),
    ])
    return rows.map((r) => ({
      id: r.id,
      editionId: r.edition_id,
      slug: r.slug,
      name: r.name,
      description: r.description,
      timeZone: r.time_zone,
      statusUrl: r.status_url,
      position: r.position,
      updatedAt: r.updated_at,
      streams: streams.filter((s) => s.station_id === r.id).map((s) => ({ url: s.url, format: s.format as StreamFormat })),
      schedule: programmes
        .filter((p) => p.station_id === r.id)
        .map((p): Programme => ({
          show: p.show,
          host: p.host,
          description: p.description,
          startDay: p.start_day as Weekday,
          startMinute: p.start_minute,
          endDay: p.end_day as Weekday,
          endMinute: p.end_minute,
        })),
    }))
  }

  async function writeParts(trx: Transaction<DB>, stationId: number, input: StationInput): Promise<void> {
    await trx.deleteFrom('station_streams').where('station_id', '=', stationId).execute()
    await trx.deleteFrom('station_programmes').where('station_id', '=', stationId).execute()
    if (input.streams.length > 0) {
      await trx
        .insertInto('station_streams')
        .values(input.streams.map((s, position) => ({ station_id: stationId, position, url: s.url, format: s.format })))
        .execute()
    }
    if (input.schedule.length > 0) {
      await trx
        .insertInto('station_programmes')
        .values(
          input.schedule.map((p) => ({
            station_id: stationId,
            show: p.show,
            host: p.host,
            description: p.description,
            start_day: p.startDay,
            start_minute: p.startMinute,
            end_day: p.endDay,
            end_minute: p.endMinute,
          })),
        )
        .execute()
    }
  }

  return {
    /** An edition's stations, the default (lowest position) first. */
    findStations(editionId: number): Promise<Station[]> {
      return load({ editionId })
    },

    /** Every station of every edition (the CLI lists them; the CSP collects their origins). */
    findAllStations(): Promise<Station[]> {
      return load({})
    },

    async getStation(id: number): Promise<Station | undefined> {
      return (await load({ id }))[0]
    },

    async getStationBySlug(editionId: number, slug: string): Promise<Station | undefined> {
      const row = await db.selectFrom('stations').select('id').where('edition_id', '=', editionId).where('slug', '=', slug).executeTakeFirst()
      return row ? (await load({ id: row.id }))[0] : undefined
    },

    async createStation(input: StationInput): Promise<Station> {
      const id = await inTransaction(db, async (trx) => {
        const row = await trx
          .insertInto('stations')
          .values({
            edition_id: input.editionId,
            slug: input.slug,
            name: input.name,
            description: input.description,
            time_zone: input.timeZone,
            status_url: input.statusUrl,
            position: input.position,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await writeParts(trx, row.id, input)
        return row.id
      })
      return (await load({ id }))[0]!
    },

    /** Replaces a station's fields, streams and schedule; undefined when it does not exist. */
    async updateStation(id: number, input: StationInput, now: Date): Promise<Station | undefined> {
      const found = await inTransaction(db, async (trx) => {
        const row = await trx
          .updateTable('stations')
          .set({
            slug: input.slug,
            name: input.name,
            description: input.description,
            time_zone: input.timeZone,
            status_url: input.statusUrl,
            position: input.position,
            updated_at: now,
          })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst()
        if (!row) return false
        await writeParts(trx, id, input)
        return true
      })
      return found ? (await load({ id }))[0] : undefined
    },

    async deleteStation(id: number): Promise<boolean> {
      const result = await db.deleteFrom('stations').where('id', '=', id).executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    },
  }
}

export type StationStore = ReturnType<typeof createStationStore>
