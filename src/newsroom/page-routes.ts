import type { Section } from '../content/types.ts'
import { editionsOf } from './edition-admin.ts'
import { createArticleStore } from '../content/article-store.ts'
import { createPeopleStore } from '../content/people-store.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  applySignIn,
  cookieName,
  cookieOptions,
  DEVICE_COOKIE,
  formCsrfToken,
  SECOND_FACTOR_COOKIE,
  SECOND_FACTOR_PATH,
  SESSION_COOKIE,
} from '../accounts/auth-plugin.ts'
import { findAudit } from '../accounts/audit.ts'
import { isEditor } from '../http/permissions.ts'
import { AppError, isAppError } from '../errors.ts'
import { articlePath } from '../web/format.ts'
import { safeNext, sendPage } from '../web/responses.ts'
import { canEdit, findNewsroomArticles, type EditableArticle } from './article-service.ts'
import type { NewsroomContext } from './context.ts'
import { articleValues, formToInput, formValues, type FormBody } from './form.ts'
import { articleListPage, compareLivePage, editorPage, revisionsPage, type EditorValues } from './templates/articles.ts'
import { authProblem, problemText, staffTr, type NewsroomAssets, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { Translator } from '../web/i18n.ts'
import { secondFactorPage, signInPage } from './templates/sign-in.ts'
import { adminPages } from './admin-pages.ts'
import { editionRoutes } from './edition-routes.ts'
import { accountPages } from './account-pages.ts'
import { logPages } from './log-pages.ts'
import { translationPages } from './translation-pages.ts'
import { availableActions, WORKFLOW_ACTIONS, type WorkflowAction } from './workflow.ts'
import { findWriters } from './writers.ts'

const Form = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 200_000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 })]))
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })

/** What happened, said plainly after a workflow action ("Published — live at …"), in the newsroom's language. */
function doneMessage(tr: Translator, done: string, a: EditableArticle): string {
  const version = a.editing.live?.version ?? 0
  const published = a.status === 'published'
  switch (done) {
    case 'publish':
      return tr.t('nr.done.publish', { version })
    case 'update':
      return tr.t('nr.done.update', { version })
    case 'discard':
      return tr.t('nr.done.discard')
    case 'schedule': {
      const at = published ? a.editing.workingCopy?.scheduledFor : a.scheduledFor
      return tr.t(published ? 'nr.done.scheduleUpdate' : 'nr.done.schedule', { time: at ? tr.timestamp(at) : '' })
    }
    case 'unschedule':
      return tr.t(published ? 'nr.done.unscheduleUpdate' : 'nr.done.unschedule')
    case 'submit':
      return tr.t(published ? 'nr.done.submitChanges' : 'nr.done.submit')
    case 'return':
      return tr.t(published ? 'nr.done.returnChanges' : 'nr.done.return')
    case 'unpublish':
      return tr.t('nr.done.unpublish')
    case 'correction':
      return tr.t('nr.done.correction', { version })
    case 'restored':
      return tr.t('nr.done.restored')
    default:
      return tr.t('nr.done.other')
  }
}

/** The newsroom's pages: sign-in, the article list, the editor, workflow, revisions. */
export async function newsroomPages(root: FastifyInstance, o: { ctx: NewsroomContext; assets: NewsroomAssets }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx } = o
  const assets = o.assets
  const frame = (request: FastifyRequest, reply: FastifyReply, title: string, current?: string, flash?: NewsroomFrame['flash']): NewsroomFrame => ({
    title,
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, ctx.config),
    assets,
    ...(current ? { current } : {}),
    flash,
  })
  // every section of every edition this person works in (the editor groups them by edition)
  const sections = async (request?: FastifyRequest) => {
    const allowed = await editionsOf(ctx.db, request?.auth?.principal ?? null)
    const out: (Section & { editionName: string; editionLang: string; editionDir: 'ltr' | 'rtl' })[] = []
    for (const e of await ctx.editions.list()) {
      if (allowed !== 'all' && !allowed.includes(e.id)) continue
      for (const s of (await ctx.editions.get(e.code)).sections) out.push({ ...s, editionName: e.name, editionLang: e.locale, editionDir: e.direction })
    }
    return out
  }
  const bylines = async () => (await createPeopleStore(ctx.db).listPeople()).map((p) => ({ id: p.id, name: p.displayName }))

  app.get(
    '/newsroom/sign-in',
    {
      config: { policy: 'public' },
      schema: { querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 1000 })), done: Type.Optional(Type.String({ maxLength: 40 })) }) },
    },
    async (request, reply) => {
      if (request.auth?.principal.kind === 'staff') return reply.redirect(safeNext(request.query.next), 303)
      const flash = request.query.done === 'reset' ? staffTr(request).t('nr.signIn.afterReset') : undefined
      return sendPage(
        reply,
        signInPage({ assets, tr: staffTr(request), csrfToken: formCsrfToken(request, reply, ctx.config), next: safeNext(request.query.next), flash }),
      )
    },
  )

  app.post('/newsroom/sign-in', { config: { policy: 'public' }, schema: { body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const email = String(b.email ?? '').slice(0, 254)
    const next = safeNext(b.next)
    try {
      const s = await ctx.auth.signIn({
        email,
        password: String(b.password ?? '').slice(0, 1000),
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        previousToken: request.cookies[cookieName(ctx.config, SESSION_COOKIE)],
        kind: 'staff',
        deviceToken: request.cookies[cookieName(ctx.config, DEVICE_COOKIE)],
      })
      if (s.principal.kind !== 'staff') throw new AppError('FORBIDDEN', { message: 'That account is not a newsroom account.' })
      return reply.redirect(applySignIn(reply, ctx.config, s, next), 303)
    } catch (e) {
      if (!isAppError(e) || !['UNAUTHENTICATED', 'RATE_LIMITED', 'FORBIDDEN'].includes(e.code)) throw e
      if (e.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(e.retryAfterSeconds))))
      return sendPage(
        reply,
        signInPage({
          assets,
          tr: staffTr(request),
          csrfToken: formCsrfToken(request, reply, ctx.config),
          next,
          email,
          error: authProblem(staffTr(request), e),
        }),
        e.status,
      )
    }
  })

  app.get(
    SECOND_FACTOR_PATH,
    { config: { policy: 'public' }, schema: { querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 1000 })) }) } },
    async (request, reply) => {
      if (!request.cookies[cookieName(ctx.config, SECOND_FACTOR_COOKIE)])
        return reply.redirect(`/newsroom/sign-in?next=${encodeURIComponent(safeNext(request.query.next))}`, 303)
      return sendPage(
        reply,
        secondFactorPage({ assets, tr: staffTr(request), csrfToken: formCsrfToken(request, reply, ctx.config), next: safeNext(request.query.next) }),
      )
    },
  )

  app.post(SECOND_FACTOR_PATH, { config: { policy: 'public' }, schema: { body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const next = safeNext(b.next)
    try {
      const s = await ctx.auth.signInSecondFactor({
        challenge: String(request.cookies[cookieName(ctx.config, SECOND_FACTOR_COOKIE)] ?? ''),
        code: String(b.code ?? '').slice(0, 100),
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        previousToken: request.cookies[cookieName(ctx.config, SESSION_COOKIE)],
        deviceToken: request.cookies[cookieName(ctx.config, DEVICE_COOKIE)],
      })
      return reply.redirect(applySignIn(reply, ctx.config, s, s.principal.kind === 'staff' ? next : safeNext(b.next, '/account')), 303)
    } catch (e) {
      if (!isAppError(e) || !['UNAUTHENTICATED', 'RATE_LIMITED'].includes(e.code)) throw e
      if (e.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(e.retryAfterSeconds))))
      return sendPage(
        reply,
        secondFactorPage({ assets, tr: staffTr(request), csrfToken: formCsrfToken(request, reply, ctx.config), next, error: authProblem(staffTr(request), e) }),
        e.status,
      )
    }
  })

  app.post('/newsroom/sign-out', { config: { policy: 'reader', whileRestricted: true }, schema: { body: Form } }, async (request, reply) => {
    if (request.auth?.sessionToken) await ctx.auth.endSession(request.auth.sessionToken)
    reply.clearCookie(cookieName(ctx.config, SESSION_COOKIE), cookieOptions(ctx.config))
    return reply.redirect('/newsroom/sign-in', 303)
  })

  const ListQuery = Type.Object({
    status: Type.Optional(
      Type.Union([
        Type.Literal(''),
        Type.Literal('draft'),
        Type.Literal('review'),
        Type.Literal('scheduled'),
        Type.Literal('published'),
        Type.Literal('unpublished'),
      ]),
    ),
    sectionId: Type.Optional(Type.Union([Type.Literal(''), Type.Integer({ minimum: 1, maximum: 2147483647 })])),
    personId: Type.Optional(Type.Union([Type.Literal(''), Type.Integer({ minimum: 1, maximum: 2147483647 })])),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  })
  app.get('/newsroom', { config: { policy: 'staff' }, schema: { querystring: ListQuery } }, async (request, reply) => {
    const q = request.query
    const filter = {
      ...(q.status ? { status: q.status } : {}),
      ...(typeof q.sectionId === 'number' ? { sectionId: q.sectionId } : {}),
      ...(typeof q.personId === 'number' ? { personId: q.personId } : {}),
      ...(q.q?.trim() ? { q: q.q.trim() } : {}),
    }
    const page = q.page ?? 1
    const rows = await findNewsroomArticles(ctx.db, { ...filter, text: filter.q, limit: 51, offset: (page - 1) * 50 })
    const link = (p: number) =>
      `/newsroom?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)])), page: String(p) })}`
    return sendPage(
      reply,
      articleListPage(frame(request, reply, staffTr(request).t('nr.nav.articles'), '/newsroom'), {
        rows: rows.slice(0, 50).map((r) => ({
          id: r.id,
          headline: r.headline,
          status: r.status,
          section: r.section_name,
          bylines: r.bylines,
          modifiedAt: r.modified_at,
          scheduledFor: r.scheduled_for,
          needsHeadline: r.headline_needs_review,
        })),
        sections: await sections(request),
        bylines: await bylines(),
        filter,
        ...(rows.length > 50 ? { nextHref: link(page + 1) } : {}),
        ...(page > 1 ? { prevHref: link(page - 1) } : {}),
      }),
    )
  })

  const emptyValues = (): EditorValues => ({
    headline: '',
    slug: '',
    sectionId: undefined,
    lead: '',
    datelinePlace: '',
    datelineDateText: '',
    datelineAgency: '',
    tags: '',
    authorIds: [],
    related: '',
    body: [],
  })

  async function renderEditor(
    request: FastifyRequest,
    reply: FastifyReply,
    a: EditableArticle | undefined,
    values: EditorValues,
    errors: AppError['fields'],
    status = 200,
    flash?: NewsroomFrame['flash'],
  ) {
    const who = request.auth!.principal
    const secs = await sections(request)
    const mayEdit = a ? await canEdit(ctx.db, a, who) : true
    const liveSection = a && secs.find((s) => s.id === (a.editing.live?.sectionId ?? a.sectionId))
    const history = a ? await findAudit(ctx.db, 'article', a.id, 20) : []
    const corrections = a ? await createArticleStore(ctx.db).getCorrections(a.id) : []
    return sendPage(
      reply,
      editorPage(frame(request, reply, a ? a.headline : staffTr(request).t('nr.nav.new'), a ? undefined : '/newsroom/articles/new', flash), {
        values,
        errors,
        sections: secs,
        bylines: await findWriters(ctx.db, values.authorIds),
        ...(a ? { status: a.status, scheduledFor: a.scheduledFor, headlineNeedsReview: a.headlineNeedsReview, editing: a.editing } : {}),
        canEdit: mayEdit,
        actions: a ? availableActions(a, who, mayEdit) : [],
        isEditor: isEditor(who),
        publicUrl:
          a?.status === 'published' && a.firstPublishedAt && liveSection
            ? articlePath(liveSection, { firstPublishedAt: a.firstPublishedAt, slug: a.editing.live?.slug ?? a.slug })
            : undefined,
        corrections: corrections.map((c) => ({ text: c.text, at: c.createdAt })),
        history: history.filter((h) => h.action !== 'article.save').map((h) => ({ at: h.at, action: h.action, actor: h.actor })),
      }),
      status,
    )
  }

  app.get('/newsroom/articles/new', { config: { policy: 'reporter' } }, async (request, reply) => {
    // the reporter starts as the author
    const me = request.auth!.principal.personId
    return renderEditor(request, reply, undefined, { ...emptyValues(), authorIds: me === null ? [] : [me] }, [])
  })

  app.post('/newsroom/articles', { config: { policy: 'reporter' }, schema: { body: Form } }, async (request, reply) => {
    const values = formValues(request.body as FormBody)
    try {
      const a = await ctx.articles.createArticle(formToInput(values), request.auth!.principal)
      return reply.redirect(`/newsroom/articles/${a.id}?saved=1`, 303)
    } catch (e) {
      if (isAppError(e) && e.code === 'VALIDATION_FAILED') return renderEditor(request, reply, undefined, values, e.fields, 400)
      throw e
    }
  })

  app.get(
    '/newsroom/articles/:id',
    {
      config: { policy: 'staff' },
      schema: {
        params: IdParams,
        querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })), done: Type.Optional(Type.String({ maxLength: 40 })) }),
      },
    },
    async (request, reply) => {
      const a = await ctx.articles.getForEditing(request.params.id, request.auth!.principal)
      const tr = staffTr(request)
      const flash = request.query.saved
        ? { kind: 'ok' as const, text: tr.t(a.editing.copy === 'working' ? 'nr.done.savedWorking' : 'nr.done.saved') }
        : request.query.done
          ? { kind: 'ok' as const, text: doneMessage(tr, request.query.done, a) }
          : undefined
      return renderEditor(request, reply, a, articleValues(a), [], 200, flash)
    },
  )

  app.post('/newsroom/articles/:id', { config: { policy: 'reporter' }, schema: { params: IdParams, body: Form } }, async (request, reply) => {
    const values = formValues(request.body as FormBody, request.params.id)
    try {
      await ctx.articles.updateArticle(request.params.id, formToInput(values), request.auth!.principal)
      return reply.redirect(`/newsroom/articles/${request.params.id}?saved=1`, 303)
    } catch (e) {
      if (isAppError(e) && (e.code === 'VALIDATION_FAILED' || e.code === 'CONFLICT')) {
        const a = await ctx.articles.getForEditing(request.params.id, request.auth!.principal)
        const fields = e.code === 'CONFLICT' ? [{ field: 'version', message: e.publicMessage }] : e.fields
        return renderEditor(request, reply, a, values, fields, e.status)
      }
      throw e
    }
  })

  app.post('/newsroom/articles/:id/workflow', { config: { policy: 'reporter' }, schema: { params: IdParams, body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const action = String(b.action ?? '') as WorkflowAction
    if (!WORKFLOW_ACTIONS.includes(action)) throw new AppError('VALIDATION_FAILED', { message: `Unknown workflow action "${action.slice(0, 20)}".` })
    const when =
      typeof b.scheduledFor === 'string' && b.scheduledFor
        ? new Date(/Z$|[+-]\d\d:\d\d$/.test(b.scheduledFor) ? b.scheduledFor : `${b.scheduledFor}Z`)
        : undefined
    const version = Number(b.version)
    try {
      await ctx.workflow.transition(request.params.id, action, request.auth!.principal, {
        ...(when ? { scheduledFor: when } : {}),
        ...(typeof b.note === 'string' ? { note: b.note } : {}),
        ...(Number.isSafeInteger(version) && version > 0 ? { version } : {}),
      })
    } catch (e) {
      if (isAppError(e) && ['VALIDATION_FAILED', 'CONFLICT'].includes(e.code)) {
        const a = await ctx.articles.getForEditing(request.params.id, request.auth!.principal)
        return renderEditor(request, reply, a, articleValues(a), e.fields, e.status, {
          kind: 'error',
          text: problemText(staffTr(request), e.fields[0]?.message ?? e.publicMessage),
        })
      }
      throw e
    }
    return reply.redirect(`/newsroom/articles/${request.params.id}?done=${action}`, 303)
  })

  app.post('/newsroom/articles/:id/corrections', { config: { policy: 'editor' }, schema: { params: IdParams, body: Form } }, async (request, reply) => {
    const text = String((request.body as FormBody).text ?? '')
    try {
      await ctx.workflow.addCorrection(request.params.id, text, request.auth!.principal)
    } catch (e) {
      if (isAppError(e) && ['VALIDATION_FAILED', 'CONFLICT'].includes(e.code)) {
        const a = await ctx.articles.getForEditing(request.params.id, request.auth!.principal)
        return renderEditor(request, reply, a, articleValues(a), [], e.status, {
          kind: 'error',
          text: problemText(staffTr(request), e.fields[0]?.message ?? e.publicMessage),
        })
      }
      throw e
    }
    return reply.redirect(`/newsroom/articles/${request.params.id}?done=correction`, 303)
  })

  app.get('/newsroom/articles/:id/compare-live', { config: { policy: 'staff' }, schema: { params: IdParams } }, async (request, reply) => {
    const a = await ctx.articles.getForEditing(request.params.id, request.auth!.principal)
    const result = (await ctx.workflow.compareLive(a.id)) ?? { liveVersion: a.editing.live?.version ?? 0, fields: [] }
    const secs = await sections(request)
    const liveSection = secs.find((s) => s.id === a.editing.live?.sectionId)
    const publicUrl =
      a.firstPublishedAt && liveSection ? articlePath(liveSection, { firstPublishedAt: a.firstPublishedAt, slug: a.editing.live!.slug }) : undefined
    return sendPage(
      reply,
      compareLivePage(frame(request, reply, staffTr(request).t('nr.compare.pageTitle', { headline: a.headline })), {
        id: a.id,
        headline: a.headline,
        live: result.liveVersion,
        fields: result.fields,
        publicUrl,
      }),
    )
  })

  app.get(
    '/newsroom/articles/:id/revisions',
    {
      config: { policy: 'staff' },
      schema: {
        params: IdParams,
        querystring: Type.Object({ from: Type.Optional(Type.Integer({ minimum: 1 })), to: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request, reply) => {
      const a = await ctx.articles.getForEditing(request.params.id, request.auth!.principal)
      const revisions = await ctx.workflow.revisions(a.id)
      const { from, to } = request.query
      const compare = from && to ? await ctx.workflow.compare(a.id, from, to) : undefined
      return sendPage(
        reply,
        revisionsPage(frame(request, reply, staffTr(request).t('nr.revisions.pageTitle', { headline: a.headline })), {
          id: a.id,
          headline: a.headline,
          revisions,
          canRestore: a.canEdit,
          ...(compare ? { compare: { from: compare.from.number, to: compare.to.number, fields: compare.fields } } : {}),
        }),
      )
    },
  )

  app.post(
    '/newsroom/articles/:id/revisions/:number/restore',
    {
      config: { policy: 'reporter' },
      schema: {
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }), number: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        body: Form,
      },
    },
    async (request, reply) => {
      await ctx.workflow.restore(request.params.id, request.params.number, request.auth!.principal)
      return reply.redirect(`/newsroom/articles/${request.params.id}?done=restored`, 303)
    },
  )

  await adminPages(app, { ctx, frame })
  await editionRoutes(app, { ctx, admin: ctx.editionAdmin, frame })
  await accountPages(app, { ctx, frame })
  await logPages(app, { ctx, frame })
  await translationPages(app, { ctx, frame })
}
