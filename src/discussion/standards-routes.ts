import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { recordAudit } from '../accounts/audit.ts'
import type { FieldProblem } from '../errors.ts'
import { sendPage } from '../web/responses.ts'
import { staffTr } from '../web/newsroom-layout.ts'
import type { NewsroomFrame } from '../web/newsroom-layout.ts'
import { cachePage } from '../cache/http-cache.ts'
import { pageAssets, type DiscussionContext } from './context.ts'
import { getSettings, settingsFromForm, updateSettings } from './settings.ts'
import { createStandardsStore, type StandardsSection } from './standards-store.ts'
import { settingsPage, standardsEditor } from './templates/admin.ts'
import { standardsPage } from './templates/standards.ts'

const Form = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 20_000 }))
type FrameFn = (request: FastifyRequest, reply: FastifyReply, title: string, flash?: NewsroomFrame['flash']) => NewsroomFrame

/** Standards text: trimmed, Unix newlines, no control characters. */
const clean = (v: string | undefined, max: number) =>
  (v ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .trim()
    .slice(0, max)

/** The public community standards page. */
export async function standardsPublicRoute(app: FastifyInstance, ctx: DiscussionContext) {
  app.get('/community-standards', { config: { policy: 'public', cache: true } }, async (request, reply) => {
    const { edition } = await ctx.editions.get()
    const page = standardsPage(await ctx.chrome.forPage(), pageAssets(request, ctx), await createStandardsStore(ctx.db, edition.id).getStandards())
    return cachePage(reply.type('text/html; charset=utf-8'), ['static', 'standards']).send(page.value)
  })
}

/** Admins edit the community standards and the moderation rules' settings in the newsroom. */
export async function standardsAdminRoutes(root: FastifyInstance, o: { ctx: DiscussionContext; frame: FrameFn; audit: typeof recordAudit }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx, frame, audit } = o
  // an edition's standards: ?edition=code in the newsroom (default: the first edition)
  const editionOf = async (request: FastifyRequest) => {
    const code = (request.query as { edition?: unknown } | undefined)?.edition
    return (await ctx.editions.get(typeof code === 'string' && /^[a-z]{2}(-[a-z0-9]{2,8})?$/.test(code) ? code : undefined)).edition
  }

  const showStandards = async (request: FastifyRequest, reply: FastifyReply, errors: FieldProblem[] = [], status = 200, flash?: NewsroomFrame['flash']) => {
    const store = createStandardsStore(ctx.db, (await editionOf(request)).id)
    return sendPage(
      reply,
      standardsEditor(frame(request, reply, staffTr(request).t('desk.standards.title'), flash), {
        standards: await store.getStandards(),
        nextNumber: await store.nextNumber(),
        errors,
      }),
      status,
    )
  }

  app.get('/newsroom/community-standards', { config: { policy: 'admin' } }, async (request, reply) => showStandards(request, reply))

  app.post('/newsroom/community-standards', { config: { policy: 'admin' }, schema: { body: Form } }, async (request, reply) => {
    const b = request.body
    const edition = await editionOf(request)
    const store = createStandardsStore(ctx.db, edition.id)
    const current = await store.getStandards()
    const tr = staffTr(request)
    const errors: FieldProblem[] = []
    const sections: StandardsSection[] = current.sections.map((s) => ({
      number: s.number,
      title: clean(b[`s${s.number}.title`] ?? s.title, 120),
      body: clean(b[`s${s.number}.body`] ?? s.body, 4000),
      retired: b[`s${s.number}.retired`] === '1',
    }))
    for (const s of sections) if (!s.title) errors.push({ field: `s${s.number}.title`, message: tr.t('desk.standards.needsTitle', { n: s.number }) })
    const newTitle = clean(b['new.title'], 120)
    const next = await store.nextNumber()
    if (newTitle && next > 99) errors.push({ field: 'new.title', message: tr.t('desk.standards.tooMany') })
    if (errors.length) return showStandards(request, reply, errors, 400)
    const who = request.auth!.principal
    const now = ctx.now()
    await ctx.db.transaction().execute(async (trx) => {
      const t = createStandardsStore(trx, edition.id)
      await t.updateIntro(clean(b.intro, 4000), who.id, now)
      for (const s of sections) await t.saveSection(s, who.id, now)
      if (newTitle) await t.saveSection({ number: next, title: newTitle, body: clean(b['new.body'], 4000), retired: false }, who.id, now)
      await audit(trx, {
        actorId: who.id,
        action: 'standards.update',
        subjectType: 'standards',
        subjectId: edition.id,
        detail: { added: newTitle ? next : null, retired: sections.filter((s) => s.retired).map((s) => s.number) },
        at: now,
      })
    })
    await ctx.invalidate(['standards'])
    return showStandards(request, reply, [], 200, { kind: 'ok', text: tr.t('desk.standards.saved') })
  })

  app.get('/newsroom/moderation/settings', { config: { policy: 'admin' } }, async (request, reply) =>
    sendPage(reply, settingsPage(frame(request, reply, staffTr(request).t('desk.rules.title')), { settings: await getSettings(ctx.db), errors: [] })),
  )

  app.post('/newsroom/moderation/settings', { config: { policy: 'admin' }, schema: { body: Form } }, async (request, reply) => {
    const { settings, problems } = settingsFromForm(request.body)
    const tr = staffTr(request)
    if (problems.length)
      return sendPage(
        reply,
        settingsPage(frame(request, reply, tr.t('desk.rules.title'), { kind: 'error', text: tr.t('desk.rules.notSaved') }), {
          settings,
          errors: problems,
          typed: request.body,
        }),
        400,
      )
    const who = request.auth!.principal
    await ctx.db.transaction().execute(async (trx) => {
      await updateSettings(trx, settings, who.id, ctx.now())
      await audit(trx, {
        actorId: who.id,
        action: 'moderation.settings',
        subjectType: 'settings',
        subjectId: 'discussion',
        detail: settings as unknown as Record<string, unknown>,
        at: ctx.now(),
      })
    })
    // article pages show whether their discussion is open (closing by age) and its limits
    await ctx.invalidate(['discussion-settings'])
    return sendPage(
      reply,
      settingsPage(frame(request, reply, tr.t('desk.rules.title'), { kind: 'ok', text: tr.t('desk.rules.saved') }), { settings, errors: [] }),
    )
  })
}
