import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { createAccountStore } from '../accounts/account-store.ts'
import type { StaffRole } from '../accounts/tables.ts'
import { createSectionStore } from '../content/section-store.ts'
import { AppError, isAppError, type FieldProblem } from '../errors.ts'
import type { NewsroomContext } from './context.ts'
import type { FormBody } from './form.ts'
import { sendPage } from '../web/responses.ts'
import { DEFAULT_TOKEN_SCOPES, TOKEN_SCOPES } from '../accounts/auth-service.ts'
import { peoplePage, sectionsPage, tokensPage } from './templates/admin.ts'
import { problemText, staffTr, type NewsroomFrame } from '../web/newsroom-layout.ts'

type FrameFn = (request: FastifyRequest, reply: FastifyReply, title: string, current?: string, flash?: NewsroomFrame['flash']) => NewsroomFrame

const Form = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 5000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 20 })]))
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })
const str = (v: unknown) => (typeof v === 'string' ? v : '')
const optionalInt = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined)

/** Admin pages of the newsroom: sections, people; and every staff member's API tokens. */
export async function adminPages(root: FastifyInstance, o: { ctx: NewsroomContext; frame: FrameFn }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx, frame } = o

  const showSections = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: FieldProblem[] = [],
    status = 200,
    draft?: { name?: string; slug?: string; description?: string },
    flash?: NewsroomFrame['flash'],
  ) =>
    sendPage(
      reply,
      sectionsPage(frame(request, reply, staffTr(request).t('nr.nav.sections'), '/newsroom/sections', flash), {
        sections: await createSectionStore(ctx.db).listSections((await ctx.editions.get()).edition.id),
        errors,
        ...(draft ? { draft } : {}),
      }),
      status,
    )

  app.get('/newsroom/sections', { config: { policy: 'admin' } }, async (request, reply) => showSections(request, reply))

  app.post('/newsroom/sections', { config: { policy: 'admin' }, schema: { body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const input = {
      name: str(b.name),
      slug: str(b.slug),
      parentId: optionalInt(b.parentId) ?? null,
      description: str(b.description),
      position: optionalInt(b.position),
    }
    try {
      await ctx.sections.createSection((await ctx.editions.get()).edition.id, input, request.auth!.principal.id)
    } catch (e) {
      if (isAppError(e) && ['VALIDATION_FAILED', 'CONFLICT'].includes(e.code))
        return showSections(request, reply, e.fields, e.status, { name: input.name, slug: input.slug, description: input.description })
      throw e
    }
    return showSections(request, reply, [], 200, undefined, { kind: 'ok', text: staffTr(request).t('nr.sections.added', { name: input.name }) })
  })

  app.post('/newsroom/sections/:id', { config: { policy: 'admin' }, schema: { params: IdParams, body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const input = {
      name: str(b.name),
      slug: str(b.slug),
      parentId: optionalInt(b.parentId) ?? null,
      description: str(b.description),
      position: optionalInt(b.position),
    }
    try {
      await ctx.sections.updateSection(request.params.id, input, request.auth!.principal.id)
    } catch (e) {
      if (isAppError(e) && ['VALIDATION_FAILED', 'CONFLICT'].includes(e.code))
        return showSections(request, reply, e.fields, e.status, undefined, {
          kind: 'error',
          text: e.fields.map((f) => problemText(staffTr(request), f.message)).join(' ') || problemText(staffTr(request), e.publicMessage),
        })
      throw e
    }
    return showSections(request, reply, [], 200, undefined, { kind: 'ok', text: staffTr(request).t('nr.sections.saved') })
  })

  const showPeople = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      errors?: FieldProblem[]
      created?: { email: string; password: string }
      draft?: { email?: string; displayName?: string }
      flash?: NewsroomFrame['flash']
    } = {},
    status = 200,
  ) =>
    sendPage(
      reply,
      peoplePage(frame(request, reply, staffTr(request).t('nr.nav.people'), '/newsroom/people', extra.flash), {
        people: await createAccountStore(ctx.db).findAccounts({ kind: 'staff' }),
        errors: extra.errors ?? [],
        created: extra.created,
        ...(extra.draft ? { draft: extra.draft } : {}),
      }),
      status,
    )

  app.get('/newsroom/people', { config: { policy: 'admin' } }, async (request, reply) => showPeople(request, reply))

  app.post('/newsroom/people', { config: { policy: 'admin' }, schema: { body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const draft = { email: str(b.email), displayName: str(b.displayName) }
    try {
      const r = await ctx.staff.createStaff({ ...draft, role: str(b.role) as StaffRole }, request.auth!.principal.id)
      return showPeople(request, reply, { created: { email: r.account.email, password: r.password } })
    } catch (e) {
      if (isAppError(e) && ['VALIDATION_FAILED', 'CONFLICT'].includes(e.code)) return showPeople(request, reply, { errors: e.fields, draft }, e.status)
      throw e
    }
  })

  app.post('/newsroom/people/:id', { config: { policy: 'admin' }, schema: { params: IdParams, body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const actor = request.auth!.principal.id
    const id = request.params.id
    try {
      switch (str(b.op)) {
        case 'role':
          await ctx.staff.setRole(id, str(b.role) as StaffRole, actor)
          return showPeople(request, reply, { flash: { kind: 'ok', text: staffTr(request).t('nr.people.roleChanged') } })
        case 'disable':
        case 'enable':
          await ctx.staff.setDisabled(id, b.op === 'disable', actor)
          return showPeople(request, reply, {
            flash: { kind: 'ok', text: staffTr(request).t(b.op === 'disable' ? 'nr.people.disabledDone' : 'nr.people.enabledDone') },
          })
        case 'reset': {
          const a = await createAccountStore(ctx.db).getAccount(id)
          if (!a) throw new AppError('NOT_FOUND', { message: 'That account does not exist.' })
          const r = await ctx.staff.resetPassword(a.email, undefined, actor)
          return showPeople(request, reply, { created: { email: a.email, password: r.password } })
        }
        case 'two-factor-off': {
          // for someone who lost both their phone and their recovery codes (recorded as done by the admin)
          const a = await createAccountStore(ctx.db).getAccount(id)
          if (!a || a.kind !== 'staff') throw new AppError('NOT_FOUND', { message: 'That staff account does not exist.' })
          await ctx.twoFactor.disable(id, { actorId: actor })
          return showPeople(request, reply, { flash: { kind: 'ok', text: staffTr(request).t('nr.people.twoFactorOffDone', { name: a.displayName }) } })
        }
        default:
          throw new AppError('VALIDATION_FAILED', { message: 'Unknown action.' })
      }
    } catch (e) {
      if (isAppError(e) && ['VALIDATION_FAILED', 'CONFLICT'].includes(e.code))
        return showPeople(request, reply, { flash: { kind: 'error', text: problemText(staffTr(request), e.fields[0]?.message ?? e.publicMessage) } }, e.status)
      throw e
    }
  })

  const showTokens = async (request: FastifyRequest, reply: FastifyReply, extra: { created?: string; error?: string } = {}, status = 200) =>
    sendPage(
      reply,
      tokensPage(frame(request, reply, staffTr(request).t('nr.nav.tokens'), '/newsroom/tokens'), {
        tokens: await ctx.auth.listApiTokens(request.auth!.principal.id),
        ...extra,
      }),
      status,
    )

  app.get('/newsroom/tokens', { config: { policy: 'staff' } }, async (request, reply) => showTokens(request, reply))

  app.post('/newsroom/tokens', { config: { policy: 'staff' }, schema: { body: Form } }, async (request, reply) => {
    const body = request.body as FormBody
    const name = str(body.name).trim()
    if (!name || name.length > 80) return showTokens(request, reply, { error: staffTr(request).t('nr.tokens.nameProblem') }, 400)
    // no scopes field at all (a form from before scopes, a script): read and write, as the API does
    const scopes = body.scopes === undefined ? [...DEFAULT_TOKEN_SCOPES] : TOKEN_SCOPES.filter((s) => [body.scopes].flat().includes(s))
    const days = str(body.expiresInDays).trim()
    if (days && !/^[1-9]\d{0,3}$/.test(days)) return showTokens(request, reply, { error: staffTr(request).t('nr.tokens.daysProblem') }, 400)
    if (!scopes.length) return showTokens(request, reply, { error: staffTr(request).t('nr.tokens.scopeProblem') }, 400)
    const t = await ctx.auth.createApiToken(request.auth!.principal.id, name, {
      scopes,
      expiresAt: days ? new Date(Date.now() + Number(days) * 86_400_000) : undefined,
    })
    return showTokens(request, reply, { created: t.token })
  })

  app.post('/newsroom/tokens/:id/revoke', { config: { policy: 'staff' }, schema: { params: IdParams, body: Form } }, async (request, reply) => {
    if (!(await ctx.auth.revokeApiToken(request.auth!.principal.id, request.params.id)))
      throw new AppError('NOT_FOUND', { message: 'You have no active token with that id.' })
    return reply.redirect('/newsroom/tokens', 303)
  })
}
