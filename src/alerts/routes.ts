import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { Config } from '../config.ts'
import { ancestry, type EditionContexts } from '../content/edition-context.ts'
import { createArticleStore } from '../content/article-store.ts'
import { articlePath } from '../content/paths.ts'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { AppError, isAppError } from '../errors.ts'
import { wantsJson } from '../http/errors.ts'
import { deskError } from '../web/desk-errors.ts'
import type { ChromeService } from '../web/chrome.ts'
import { staffTr, type NewsroomAssets, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { PageContext } from '../web/pages.ts'
import type { AlertService } from './alert-service.ts'
import { SERVICE_WORKER } from './service-worker.ts'
import { alertFormPage, optInPage } from './templates.ts'

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 })
// ids in URLs are matched as digits: ajv's coercion would turn "1e309" into Infinity and let it through
const IdText = Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'it must be a number like 12' })
const B64 = (min: number, max: number) => Type.String({ minLength: min, maxLength: max, pattern: '^[A-Za-z0-9_-]+$' })
const SubscribeBody = Type.Object(
  {
    endpoint: Type.String({ minLength: 9, maxLength: 2000 }),
    keys: Type.Object({ p256dh: B64(86, 88), auth: B64(16, 24) }),
    expirationTime: Type.Optional(Type.Union([Type.Null(), Type.Number({ minimum: 0, maximum: 1e15 })])),
    sectionIds: Type.Optional(Type.Array(Id, { maxItems: 100, uniqueItems: true, description: 'sections to hear about; empty or absent: every section' })),
  },
  { additionalProperties: false },
)
const UnsubscribeBody = Type.Object({ endpoint: Type.String({ minLength: 9, maxLength: 2000 }) }, { additionalProperties: false })
const AlertQuery = Type.Object({ articleId: Type.Optional(IdText), entryId: Type.Optional(IdText) }, { additionalProperties: false })
const AlertBody = Type.Object(
  {
    articleId: Type.Union([Id, Type.String({ pattern: '^[1-9]\\d{0,8}$' })]),
    entryId: Type.Optional(Type.Union([Id, Type.String({ pattern: '^([1-9]\\d{0,8})?$' })])),
    title: Type.String({ maxLength: 400 }),
    body: Type.Optional(Type.String({ maxLength: 1000 })),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
const Sent = Type.Object({ id: Type.Integer(), recipients: Type.Integer() })

const clean = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()

/** Readers' opt-in (the page, the service worker, subscribe and unsubscribe) and the newsroom's alert form. */
export async function alertRoutes(
  app: FastifyInstance,
  o: {
    alerts: AlertService
    db: Kysely<DB>
    config: Config
    editions: EditionContexts
    chrome: ChromeService
    pageAssets: PageContext
    newsroomAssets: NewsroomAssets
    kick: () => void
    /** A live entry's article, for alerts sent from the live composer. */
    entryArticle: (entryId: number) => Promise<number | undefined>
  },
) {
  const { alerts } = o
  const articles = createArticleStore(o.db)

  // at the site's root so its scope is the whole site
  app.get('/push-sw.js', { config: { policy: 'public' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').header('service-worker-allowed', '/').send(SERVICE_WORKER),
  )

  app.get(
    '/alerts',
    { config: { policy: 'public' }, schema: { querystring: Type.Object({ section: Type.Optional(IdText) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const ctx = await o.editions.get(o.editions.current())
      const { publicKey } = await alerts.vapidKeys()
      const chrome = await o.chrome.forPage({ editionCode: o.editions.current() })
      const q = { section: (request.query as { section?: string }).section !== undefined ? Number((request.query as { section?: string }).section) : undefined }
      const page = optInPage(chrome, o.pageAssets, {
        publicKey,
        csrf: formCsrfToken(request, reply, o.config),
        sections: ctx.sections.map((s) => ({ id: s.id, name: s.name, depth: s.path.split('/').length - 1 })),
        chosen: q.section !== undefined && ctx.byId.has(q.section) ? [q.section] : [],
        prefix: ctx.edition.prefix,
      })
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)
    },
  )

  app.post<{ Body: Static<typeof SubscribeBody> }>(
    '/alerts/subscriptions',
    {
      config: { policy: 'public' },
      bodyLimit: 16_384,
      schema: { body: SubscribeBody, response: { 201: Type.Object({ id: Type.Integer(), sections: Type.Integer() }) } },
    },
    async (request, reply) => {
      const ctx = await o.editions.get(o.editions.current())
      const sectionIds = request.body.sectionIds ?? []
      const unknown = sectionIds.find((id) => !ctx.byId.has(id))
      if (unknown !== undefined)
        throw new AppError('VALIDATION_FAILED', {
          message: `There is no section ${unknown} in this edition.`,
          fields: [{ field: 'sectionIds', message: `unknown section ${unknown}` }],
        })
      const id = await alerts.subscribe(request.body, ctx.edition.id, sectionIds)
      return reply.code(201).header('cache-control', 'no-store').send({ id, sections: sectionIds.length })
    },
  )

  app.post<{ Body: Static<typeof UnsubscribeBody> }>(
    '/alerts/subscriptions/delete',
    { config: { policy: 'public' }, bodyLimit: 4096, schema: { body: UnsubscribeBody, response: { 200: Type.Object({ removed: Type.Boolean() }) } } },
    async (request, reply) => reply.header('cache-control', 'no-store').send({ removed: await alerts.unsubscribe(request.body.endpoint) }),
  )

  const frame = (request: FastifyRequest, reply: FastifyReply, flash?: NewsroomFrame['flash']): NewsroomFrame => ({
    title: staffTr(request).t('desk.alerts.title'),
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, o.config),
    assets: o.newsroomAssets,
    flash,
  })

  async function target(articleId: number, entryId: number | undefined) {
    const a = await articles.getArticle(articleId)
    if (!a) throw new AppError('ARTICLE_NOT_FOUND')
    if (entryId !== undefined && (await o.entryArticle(entryId)) !== articleId)
      throw new AppError('VALIDATION_FAILED', {
        message: 'That live update is not part of this article.',
        fields: [{ field: 'entryId', message: 'not an update of this article' }],
      })
    const ctx = await o.editions.byId(a.editionId)
    const section = ctx.byId.get(a.sectionId)
    if (a.status !== 'published' || !a.firstPublishedAt || !section)
      throw new AppError('CONFLICT', { message: 'Publish the article before sending an alert about it: readers would open a page that is not there.' })
    const path = articlePath(section, { firstPublishedAt: a.firstPublishedAt, slug: a.slug })
    return { a, ctx, section, url: entryId !== undefined ? `/live-blog/entries/${entryId}` : path }
  }

  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    articleId: number | undefined,
    entryId: number | undefined,
    extra: { error?: string; sent?: number; title?: string; body?: string } = {},
    status = 200,
  ) => {
    const a = articleId !== undefined ? await articles.getArticle(articleId) : undefined
    const page = alertFormPage(
      frame(
        request,
        reply,
        extra.error
          ? { kind: 'error', text: extra.error }
          : extra.sent !== undefined
            ? { kind: 'ok', text: staffTr(request).t('desk.alerts.queued', { n: extra.sent }) }
            : undefined,
      ),
      {
        articleId,
        entryId,
        headline: a?.headline,
        title: extra.title ?? a?.headline ?? '',
        body: extra.body ?? a?.lead?.slice(0, 300) ?? '',
        recent: await alerts.recentAlerts(),
      },
    )
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)
  }

  app.get<{ Querystring: Static<typeof AlertQuery> }>(
    '/newsroom/alerts',
    { config: { policy: 'editor' }, schema: { querystring: AlertQuery } },
    async (request, reply) =>
      showForm(
        request,
        reply,
        request.query.articleId ? Number(request.query.articleId) : undefined,
        request.query.entryId ? Number(request.query.entryId) : undefined,
      ),
  )

  app.post<{ Body: Static<typeof AlertBody> }>(
    '/newsroom/alerts',
    { config: { policy: 'editor' }, bodyLimit: 16_384, schema: { body: AlertBody, response: { 201: Sent } } },
    async (request, reply) => {
      const b = request.body
      const articleId = Number(b.articleId)
      const entryId = b.entryId !== undefined && b.entryId !== '' ? Number(b.entryId) : undefined
      const title = clean(b.title)
      const body = clean(b.body ?? '')
      try {
        if (!title)
          throw new AppError('VALIDATION_FAILED', {
            message: 'Write the alert: its title is what readers see first.',
            fields: [{ field: 'title', message: 'required' }],
          })
        if ([...title].length > 120)
          throw new AppError('VALIDATION_FAILED', {
            message: 'An alert title is at most 120 characters (phones cut the rest).',
            fields: [{ field: 'title', message: 'too long' }],
          })
        if ([...body].length > 300)
          throw new AppError('VALIDATION_FAILED', { message: 'An alert text is at most 300 characters.', fields: [{ field: 'body', message: 'too long' }] })
        const t = await target(articleId, entryId)
        const sent = await alerts.send({
          editionId: t.a.editionId,
          sectionId: t.section.id,
          sectionChain: ancestry(t.ctx.byId, t.section).map((s) => s.id),
          articleId,
          entryId: entryId ?? null,
          title,
          body,
          url: t.url,
          sentBy: request.auth!.principal.id,
        })
        o.kick()
        if (wantsJson(request)) return reply.code(201).send(sent)
        return showForm(request, reply, articleId, entryId, { sent: sent.recipients, title, body })
      } catch (e) {
        if (wantsJson(request) || !isAppError(e) || !['VALIDATION_FAILED', 'CONFLICT'].includes(e.code)) throw e
        return showForm(request, reply, articleId, entryId, { error: deskError(staffTr(request), e), title, body }, e.status)
      }
    },
  )
}
