import type { FastifyInstance } from 'fastify'
import { Type, type Static, type TSchema } from 'typebox'
import { AppError } from '../errors.ts'
import { BODY_ERRORS, errorResponses, operation } from '../http/api-schemas.ts'
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
const StreamBody = Type.Union([
  Type.String({ maxLength: 2100 }),
  Type.Object({ url: Type.String({ maxLength: 2100 }), format: Type.Optional(Type.String({ maxLength: 10 })) }),
])

/** A station as the admin API takes it (the same shape it answers with, less id and status). */
export const StationBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    slug: Type.Optional(Type.String({ maxLength: 100 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    timeZone: Type.String({ maxLength: 100, description: 'an IANA time zone such as "Europe/London"' }),
    streams: Type.Array(StreamBody, { maxItems: 10 }),
    statusUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2100 }), Type.Null()])),
    position: Type.Optional(Type.Integer()),
    schedule: Type.Optional(Type.Array(ProgrammeBody, { maxItems: 400 })),
  },
  { title: 'StationInput' },
)
type StationBodyType = Static<typeof StationBody>

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'a station id' }) })

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const StationJson = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    name: Type.String(),
    description: Type.String(),
    timeZone: Type.String(),
    streams: Type.Array(Type.Object({ url: Type.String(), format: Type.String({ enum: ['mp3', 'aac', 'ogg', 'hls'] }) })),
    statusUrl: Nullable(Type.String({ description: 'the Icecast status-json.xsl URL the station is checked at' })),
    position: Type.Integer(),
    updatedAt: Type.String({ format: 'date-time' }),
    schedule: Type.Array(
      Type.Object({
        show: Type.String(),
        host: Type.String(),
        description: Type.String(),
        startDay: Type.String({ enum: [...DAY_ABBREVIATIONS] }),
        startTime: Type.String(),
        endDay: Type.String({ enum: [...DAY_ABBREVIATIONS] }),
        endTime: Type.String(),
      }),
    ),
    status: Type.Optional(
      Type.Object(
        {
          state: Type.String({ enum: ['on-air', 'off-air', 'unreachable', 'malformed', 'unchecked'] }),
          message: Type.String(),
          title: Nullable(Type.String({ description: 'what is playing' })),
          listeners: Nullable(Type.Integer()),
          checkedAt: Nullable(Type.String({ format: 'date-time' })),
        },
        { description: 'the last check of the status URL' },
      ),
    ),
  },
  { title: 'Station' },
)
const StationResponse = Type.Object({ station: StationJson })

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
    ...(status
      ? {
          status: {
            state: status.state,
            message: status.message,
            title: status.title,
            listeners: status.listeners,
            checkedAt: status.checkedAt?.toISOString() ?? null,
          },
        }
      : {}),
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

  app.get(
    '/api/admin/stations',
    {
      config: admin,
      schema: {
        ...operation('stations', 'listStations', 'List stations with their last known status'),
        querystring: Type.Object({}),
        response: { 200: Type.Object({ stations: Type.Array(StationJson) }), ...errorResponses() },
      },
    },
    async () => {
      const all = await stations.list(await stations.defaultEditionId())
      return { stations: all.map((s) => stationJson(s, nowPlaying.status(s))) }
    },
  )

  app.post<{ Body: StationBodyType }>(
    '/api/admin/stations',
    {
      config: admin,
      schema: {
        ...operation('stations', 'createStation', 'Add a station'),
        body: StationBody,
        response: { 201: StationResponse, ...errorResponses(...BODY_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      const station = await stations.create(await stations.defaultEditionId(), request.body)
      return reply
        .code(201)
        .header('location', `/api/admin/stations/${station.id}`)
        .send({ station: stationJson(station) })
    },
  )

  app.get<{ Params: { id: number } }>(
    '/api/admin/stations/:id',
    {
      config: admin,
      schema: {
        ...operation('stations', 'getStation', 'Get a station with its last known status'),
        params: IdParams,
        response: { 200: StationResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const s = await found(request.params.id)
      return { station: stationJson(s, nowPlaying.status(s)) }
    },
  )

  app.put<{ Params: { id: number }; Body: StationBodyType }>(
    '/api/admin/stations/:id',
    {
      config: admin,
      schema: {
        ...operation('stations', 'updateStation', 'Change a station (the whole of it)'),
        params: IdParams,
        body: StationBody,
        response: { 200: StationResponse, ...errorResponses(...BODY_ERRORS, 404, 409) },
      },
    },
    async (request) => {
      return { station: stationJson(await stations.update(request.params.id, request.body)) }
    },
  )

  app.delete<{ Params: { id: number } }>(
    '/api/admin/stations/:id',
    {
      config: admin,
      schema: {
        ...operation('stations', 'deleteStation', 'Delete a station'),
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await stations.remove(request.params.id)
      return reply.code(204).send()
    },
  )

  // Reads the status URL now, so an admin fixing a setting sees the result at once.
  app.post<{ Params: { id: number } }>(
    '/api/admin/stations/:id/check',
    {
      config: admin,
      schema: {
        ...operation('stations', 'checkStation', 'Read the station’s status URL now'),
        params: IdParams,
        response: { 200: StationResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const s = await found(request.params.id)
      return { station: stationJson(s, await nowPlaying.check(s)) }
    },
  )
}
