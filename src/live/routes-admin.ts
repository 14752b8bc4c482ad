import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { AppError } from '../errors.ts'
import type { StreamStatus } from './icecast-status.ts'
import type { Live } from './live.ts'
import { DAY_ABBREVIATIONS, formatMinute } from './schedule.ts'
import type { Station } from './types.ts'

const Day = Type.Union([Type.String({ maxLength: 12 }), Type.Integer({ minimum: 1, maximum: 7 })], { description: 'a weekday such as "mon"' })
const ProgrammeBody = Type.Object({
  show: Type.String({ maxLength: 200 }),
  host: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  startDay: Day,
  startTime: Type.String({ maxLength: 8, description: 'a 24-hour time such as "06:00"' }),
  endDay: Day,
  endTime: Type.String({ maxLength: 8, description: 'a 24-hour time such as "09:00"' }),
})
const StreamBody = Type.Union([Type.String({ maxLength: 2100 }), Type.Object({ url: Type.String({ maxLength: 2100 }), format: Type.Optional(Type.String({ maxLength: 10 })) })])

/** A station as the admin API takes it (the same shape it answers with, less id and status). */
export const StationBody = Type.Object({
  name: Type.String({ maxLength: 200 }),
  slug: Type.Optional(Type.String({ maxLength: 100 })),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  timeZone: Type.String({ maxLength: 100, description: 'an IANA time zone such as "Europe/London"' }),
  streams: Type.Array(StreamBody, { maxItems: 10 }),
  statusUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2100 }), Type.Null()])),
  position: Type.Optional(Type.Integer()),
  schedule: Type.Optional(Type.Array(ProgrammeBody, { maxItems: 400 })),
})
type StationBodyType = Static<typeof StationBody>

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'a station id' }) })

/** A station for admins: everything, the status URL included, with its last known status. */
export function stationJson(s: Station, status?: StreamStatus) {
  return {
    id: s.id,
    slug: s.slug,
    name: s.name,
    description: s.description,
    timeZone: s.timeZone,
    streams: s.streams,
    statusUrl: s.statusUrl,
    position: s.position,
    updatedAt: s.updatedAt.toISOString(),
    schedule: s.schedule.map((p) => ({
      show: p.show,
      host: p.host,
      description: p.description,
      startDay: DAY_ABBREVIATIONS[p.startDay - 1],
      startTime: formatMinute(p.startMinute),
      endDay: DAY_ABBREVIATIONS[p.endDay - 1],
      endTime: formatMinute(p.endMinute),
    })),
    ...(status ? { status: { state: status.state, message: status.message, title: status.title, listeners: status.listeners, checkedAt: status.checkedAt?.toISOString() ?? null } } : {}),
  }
}

/** The admin JSON API for stations: /api/admin/stations… (admins only). */
export async function liveAdminRoutes(app: FastifyInstance, opts: { live: Live }) {
  const { stations, nowPlaying } = opts.live
  const admin = { policy: 'admin' as const }

  const found = async (id: number) => {
    const s = await stations.get(id)
    if (!s) throw new AppError('STATION_NOT_FOUND')
    return s
  }

  app.get('/api/admin/stations', { config: admin, schema: { querystring: Type.Object({}) } }, async () => {
    const all = await stations.list(await stations.defaultEditionId())
    return { stations: all.map((s) => stationJson(s, nowPlaying.status(s))) }
  })

  app.post<{ Body: StationBodyType }>('/api/admin/stations', { config: admin, schema: { body: StationBody } }, async (request, reply) => {
    const station = await stations.create(await stations.defaultEditionId(), request.body)
    return reply.code(201).header('location', `/api/admin/stations/${station.id}`).send({ station: stationJson(station) })
  })

  app.get<{ Params: { id: number } }>('/api/admin/stations/:id', { config: admin, schema: { params: IdParams } }, async (request) => {
    const s = await found(request.params.id)
    return { station: stationJson(s, nowPlaying.status(s)) }
  })

  app.put<{ Params: { id: number }; Body: StationBodyType }>('/api/admin/stations/:id', { config: admin, schema: { params: IdParams, body: StationBody } }, async (request) => {
    return { station: stationJson(await stations.update(request.params.id, request.body)) }
  })

  app.delete<{ Params: { id: number } }>('/api/admin/stations/:id', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    await stations.remove(request.params.id)
    return reply.code(204).send()
  })

  // Reads the status URL now, so an admin fixing a setting sees the result at once.
  app.post<{ Params: { id: number } }>('/api/admin/stations/:id/check', { config: admin, schema: { params: IdParams } }, async (request) => {
    const s = await found(request.params.id)
    return { station: stationJson(s, await nowPlaying.check(s)) }
  })
}
