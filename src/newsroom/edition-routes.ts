import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { createAccountStore } from '../accounts/account-store.ts'
import type { Edition } from '../content/types.ts'
import { isAppError, type FieldProblem } from '../errors.ts'
import { BODY_ERRORS, errorResponses, operation } from '../http/api-schemas.ts'
import { sendPage } from '../web/responses.ts'
import { problemText, staffTr, type NewsroomFrame } from '../web/newsroom-layout.ts'
import { IdParams } from './api-schemas.ts'
import type { NewsroomContext } from './context.ts'
import type { EditionAdmin, EditionInput } from './edition-admin.ts'
import type { FormBody } from './form.ts'
import { editionsPage, type EditionDraft } from './templates/editions.ts'

type FrameFn = (request: FastifyRequest, reply: FastifyReply, title: string, current?: string, flash?: NewsroomFrame['flash']) => NewsroomFrame

const Text = (max: number) => Type.String({ maxLength: max })
const EditionInputSchema = Type.Object(
  {
    code: Type.Optional(Text(12)),
    name: Type.Optional(Text(500)),
    locale: Type.Optional(Text(60)),
    region: Type.Optional(Type.Union([Text(3), Type.Null()])),
    timeZone: Type.Optional(Text(80)),
    direction: Type.Optional(Type.Union([Type.Literal('ltr'), Type.Literal('rtl')])),
    numberingSystem: Type.Optional(Text(20)),
    dateStyle: Type.Optional(Type.Union([Type.Literal('wire'), Type.Literal('long'), Type.Literal('numeric')])),
    slugStyle: Type.Optional(Type.Union([Type.Literal('unicode'), Type.Literal('ascii')])),
    searchConfig: Type.Optional(Text(63)),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  },
  { additionalProperties: false, title: 'EditionInput' },
)
const EditionResponse = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    locale: Type.String(),
    language: Type.String(),
    region: Type.Union([Type.String(), Type.Null()]),
    timeZone: Type.String(),
    direction: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
    numberingSystem: Type.String(),
    dateStyle: Type.String(),
    slugStyle: Type.String(),
    searchConfig: Type.String(),
    isDefault: Type.Boolean(),
    position: Type.Integer(),
    prefix: Type.String({ description: 'Where its pages are: "" for the default edition, "/ru" for the others.' }),
  },
  { title: 'Edition' },
)
const Form = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 5000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 200 })]))
const StaffParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const editionJson = (e: Edition) => ({ ...e })

/** Form fields → edition input: empty fields mean "the locale's default" (on change: "keep"). */
function formInput(b: FormBody): EditionInput {
  const v = (name: string) => {
    const s = str(b[name])?.trim()
    return s ? s : undefined
  }
  return {
    code: v('code'),
    name: str(b.name),
    locale: str(b.locale),
    region: str(b.region) === undefined ? undefined : (v('region') ?? null),
    timeZone: v('timeZone'),
    direction: v('direction') as EditionInput['direction'],
    numberingSystem: v('numberingSystem'),
    dateStyle: v('dateStyle') as EditionInput['dateStyle'],
    slugStyle: v('slugStyle') as EditionInput['slugStyle'],
    searchConfig: v('searchConfig'),
  }
}

/** Editions: the admin API (/api/admin/editions) and the newsroom page (/newsroom/editions), for admins. */
export async function editionRoutes(root: FastifyInstance, o: { ctx: NewsroomContext; admin: EditionAdmin; frame: FrameFn }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx, admin } = o

  app.get(
    '/api/admin/editions',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('editions', 'listEditions', 'List the editions'),
        response: { 200: Type.Object({ editions: Type.Array(EditionResponse) }), ...errorResponses() },
      },
    },
    async () => ({ editions: (await admin.list()).map(editionJson) }),
  )

  app.post(
    '/api/admin/editions',
    {
      config: { policy: 'admin' },
      schema: {
        ...operation('editions', 'createEdition', 'Add an edition'),
        body: EditionInputSchema,
        response: { 201: EditionResponse, ...errorResponses(...BODY_ERRORS, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(editionJson(await admin.create(request.body, request.auth!.principal.id))),
  )

  app.patch(
    '/api/admin/editions/:id',
    {
      config: { policy: 'admin' },
      schema: {
        ...operation('editions', 'updateEdition', 'Change an edition (its code stays)'),
        params: IdParams,
        body: EditionInputSchema,
        response: { 200: EditionResponse, ...errorResponses(...BODY_ERRORS, 404) },
      },
    },
    async (request) => editionJson(await admin.update(request.params.id, request.body, request.auth!.principal.id)),
  )

  app.put(
    '/api/admin/staff/:id/editions',
    {
      config: { policy: 'admin' },
      schema: {
        ...operation('editions', 'limitStaffEditions', 'Limit a staff member to some editions (an empty list: every edition)'),
        params: StaffParams,
        body: Type.Object({ editionIds: Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { maxItems: 200 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ editionIds: Type.Array(Type.Integer()) }), ...errorResponses(...BODY_ERRORS, 404) },
      },
    },
    async (request) => {
      await admin.limitStaff(request.params.id, request.body.editionIds, request.auth!.principal.id)
      return { editionIds: [...new Set(request.body.editionIds)] }
    },
  )

  const problems = (request: FastifyRequest, e: { fields: FieldProblem[]; publicMessage: string }) =>
    e.fields.map((f) => problemText(staffTr(request), f.message)).join(' ') || problemText(staffTr(request), e.publicMessage)

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: FieldProblem[] = [],
    status = 200,
    draft?: EditionDraft,
    flash?: NewsroomFrame['flash'],
  ) => {
    const limits = new Map<number, number[]>()
    for (const r of await ctx.db.selectFrom('account_editions').select(['account_id', 'edition_id']).execute())
      limits.set(r.account_id, [...(limits.get(r.account_id) ?? []), r.edition_id])
    return sendPage(
      reply,
      editionsPage(o.frame(request, reply, staffTr(request).t('nr.nav.editions'), '/newsroom/editions', flash), {
        editions: await admin.list(),
        staff: (await createAccountStore(ctx.db).findAccounts({ kind: 'staff' })).filter((a) => a.disabledAt === null),
        limits,
        errors,
        ...(draft ? { draft } : {}),
      }),
      status,
    )
  }

  app.get('/newsroom/editions', { config: { policy: 'admin' } }, async (request, reply) => show(request, reply))

  app.post('/newsroom/editions', { config: { policy: 'admin' }, schema: { body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const input = formInput(b)
    try {
      const e = await admin.create(input, request.auth!.principal.id)
      return show(request, reply, [], 200, undefined, { kind: 'ok', text: staffTr(request).t('nr.editions.added', { name: e.name, prefix: `${e.prefix}/` }) })
    } catch (e) {
      if (isAppError(e) && ['VALIDATION_FAILED', 'CONFLICT'].includes(e.code)) {
        const draft = Object.fromEntries(Object.entries(b).filter(([, v]) => typeof v === 'string')) as EditionDraft
        return show(request, reply, e.fields, e.status, draft)
      }
      throw e
    }
  })

  app.post('/newsroom/editions/:id', { config: { policy: 'admin' }, schema: { params: IdParams, body: Form } }, async (request, reply) => {
    const { code: _code, direction: _d, dateStyle: _ds, slugStyle: _ss, ...input } = formInput(request.body as FormBody)
    try {
      await admin.update(request.params.id, input, request.auth!.principal.id)
    } catch (e) {
      if (isAppError(e) && ['VALIDATION_FAILED', 'NOT_FOUND'].includes(e.code))
        return show(request, reply, [], e.status, undefined, { kind: 'error', text: problems(request, e) })
      throw e
    }
    return show(request, reply, [], 200, undefined, { kind: 'ok', text: staffTr(request).t('nr.editions.saved') })
  })

  app.post('/newsroom/editions/staff/:id', { config: { policy: 'admin' }, schema: { params: StaffParams, body: Form } }, async (request, reply) => {
    const raw = (request.body as FormBody).editionIds
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
    if (!values.every((v) => /^\d{1,9}$/.test(v)))
      return show(request, reply, [], 400, undefined, { kind: 'error', text: staffTr(request).t('nr.editions.pick') })
    try {
      await admin.limitStaff(request.params.id, values.map(Number), request.auth!.principal.id)
    } catch (e) {
      if (isAppError(e) && ['VALIDATION_FAILED', 'NOT_FOUND'].includes(e.code))
        return show(request, reply, [], e.status, undefined, { kind: 'error', text: problems(request, e) })
      throw e
    }
    return show(request, reply, [], 200, undefined, {
      kind: 'ok',
      text: staffTr(request).t(values.length ? 'nr.editions.staffSaved' : 'nr.editions.everyEdition'),
    })
  })
}
