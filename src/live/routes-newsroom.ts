import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { Config } from '../config.ts'
import { AppError, isAppError, type FieldProblem } from '../errors.ts'
import { staffTr, type NewsroomAssets, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { SafeHtml } from '../web/html.ts'
import type { Live } from './live.ts'
import { stationFormPage, stationFormTitle, stationListPage } from './newsroom-templates.ts'
import { streamWarnings } from './station-input.ts'
import { EMPTY_FORM, formProblems, parseStationForm, stationToForm, type StationForm } from './station-form.ts'
import { stationHref } from './view-models.ts'

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }))
const FormBody = Type.Object({
  _csrf: text(200),
  name: text(200),
  slug: text(100),
  description: text(4000),
  timeZone: text(100),
  streams: text(12_000),
  statusUrl: text(2100),
  position: text(10),
  schedule: text(100_000),
})
type FormBodyType = Static<typeof FormBody>
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'a station id' }) })
const Notice = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 1 })), deleted: Type.Optional(Type.String({ maxLength: 1 })) })

/** The newsroom's station pages: list with live status, add, edit, delete (admins only). */
export async function liveNewsroomRoutes(app: FastifyInstance, opts: { live: Live; assets: NewsroomAssets; config: Config }) {
  const { live, config } = opts
  const { stations, nowPlaying } = live
  const admin = { policy: 'admin' as const }
  const zones = Intl.supportedValuesOf('timeZone')
  const assets = opts.assets
  const send = (reply: FastifyReply, page: SafeHtml, code = 200) =>
    reply.code(code).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)
  const frame = (request: FastifyRequest, reply: FastifyReply, title: string, flash?: NewsroomFrame['flash']): NewsroomFrame => ({
    title,
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, config),
    assets,
    current: '/newsroom/stations',
    flash,
  })
  const ok = (text: string | undefined): NewsroomFrame['flash'] => (text ? { kind: 'ok', text } : undefined)
  const notice = (request: FastifyRequest, what: 'saved' | 'deleted' | undefined) => (what ? staffTr(request).t(`desk.station.${what}`) : undefined)

  app.get<{ Querystring: Static<typeof Notice> }>('/newsroom/stations', { config: admin, schema: { querystring: Notice } }, async (request, reply) => {
    const all = await stations.list(await stations.defaultEditionId())
    // Fresh checks, in parallel and time-limited: the admin sees the status as it is now.
    const statuses = await Promise.all(all.map((s) => nowPlaying.check(s)))
    const rows = all.map((s, i) => ({
      id: s.id,
      name: s.name,
      slug: s.slug,
      href: stationHref(s, i === 0),
      streams: s.streams.length,
      programmes: s.schedule.length,
      status: statuses[i]!,
    }))
    return send(
      reply,
      stationListPage(frame(request, reply, staffTr(request).t('desk.station.list'), ok(notice(request, request.query.deleted ? 'deleted' : undefined))), rows),
    )
  })

  app.get('/newsroom/stations/new', { config: admin, schema: { querystring: Type.Object({}) } }, async (request, reply) => {
    return send(reply, stationFormPage(frame(request, reply, stationFormTitle(staffTr(request), undefined, '')), { form: EMPTY_FORM, problems: [], zones }))
  })

  app.get<{ Params: { id: number }; Querystring: Static<typeof Notice> }>(
    '/newsroom/stations/:id',
    { config: admin, schema: { params: IdParams, querystring: Notice } },
    async (request, reply) => {
      const station = await stations.get(request.params.id)
      if (!station) throw new AppError('STATION_NOT_FOUND')
      const status = await nowPlaying.check(station)
      const page = frame(
        request,
        reply,
        stationFormTitle(staffTr(request), station.id, station.name),
        ok(notice(request, request.query.saved ? 'saved' : undefined)),
      )
      const warnings = streamWarnings(station.streams, config.siteUrl)
      return send(reply, stationFormPage(page, { id: station.id, form: stationToForm(station), problems: [], status, warnings, zones }))
    },
  )

  /** Saves the form, or shows it again with every problem next to its field. */
  async function save(id: number | undefined, request: FastifyRequest<{ Body: FormBodyType }>, reply: FastifyReply) {
    const { _csrf: _, ...body } = request.body ?? {}
    const form: StationForm = { ...EMPTY_FORM, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) }
    const parsed = parseStationForm(form)
    let problems: FieldProblem[] = parsed.problems
    if (problems.length === 0) {
      try {
        const edition = await stations.defaultEditionId()
        const station = id === undefined ? await stations.create(edition, parsed.fields) : await stations.update(id, parsed.fields)
        return reply.redirect(`/newsroom/stations/${station.id}?saved=1`, 303)
      } catch (e) {
        if (!isAppError(e) || (e.code !== 'VALIDATION_FAILED' && e.code !== 'STATION_SLUG_TAKEN')) throw e
        problems = formProblems(e.fields, parsed.scheduleLines, parsed.streamLines)
      }
    }
    const status = id !== undefined ? await stations.get(id).then((s) => (s ? nowPlaying.status(s) : undefined)) : undefined
    return send(reply, stationFormPage(frame(request, reply, stationFormTitle(staffTr(request), id, form.name)), { id, form, problems, status, zones }), 400)
  }

  app.post<{ Body: FormBodyType }>('/newsroom/stations', { config: admin, schema: { body: FormBody } }, async (request, reply) =>
    save(undefined, request, reply),
  )

  app.post<{ Params: { id: number }; Body: FormBodyType }>(
    '/newsroom/stations/:id',
    { config: admin, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      if (!(await stations.get(request.params.id))) throw new AppError('STATION_NOT_FOUND')
      return save(request.params.id, request, reply)
    },
  )

  app.post<{ Params: { id: number } }>('/newsroom/stations/:id/delete', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    await stations.remove(request.params.id)
    return reply.redirect('/newsroom/stations?deleted=1', 303)
  })
}
