import type { Translation } from '../content/translations.ts'
import { createVersionStore } from '../content/version-store.ts'
import type {} from '@fastify/swagger'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { createAccountStore, type Account } from '../accounts/account-store.ts'
import { findAudit } from '../accounts/audit.ts'
import { requireScope } from '../accounts/auth-plugin.ts'
import { TOKEN_SCOPES, type TokenScope } from '../accounts/auth-service.ts'
import { accountFieldProblems } from '../accounts/staff-service.ts'
import type { Section } from '../content/types.ts'
import { AppError } from '../errors.ts'
import { BODY_ERRORS, errorResponses, operation } from '../http/api-schemas.ts'
import { articlePath } from '../web/format.ts'
import { ArticleInputSchema, bodyProblems } from './article-input.ts'
import { findNewsroomArticles, type EditableArticle } from './article-service.ts'
import { createTranslationService } from './translation-service.ts'
import {
  ActionSchema,
  DateTime,
  Nullable,
  ArticleListItem,
  ArticleResponse,
  BylinesResponse,
  CorrectionResponse,
  HistoryResponse,
  IdParams,
  ListQuery,
  MeResponse,
  RevisionCompareResponse,
  RevisionListResponse,
  RoleSchema,
  SectionInputSchema,
  SectionResponse,
  StaffResponse,
  TokenListResponse,
  VersionResponse,
  VersionSummarySchema,
  WorkflowResponse,
} from './api-schemas.ts'
import type { NewsroomContext } from './context.ts'
import { findWriters } from './writers.ts'

/**
 * Runs before the route's schema: a malformed body gets blocks.ts's messages, block by block (the
 * editor form shows the same), and the schema, which is laxer (block-schemas.ts), never sees one.
 */
async function bodyFirst(request: FastifyRequest) {
  const body = (request.body as { body?: unknown } | null | undefined)?.body
  if (body === undefined || body === null) return
  const fields = bodyProblems(body)
  if (fields.length) throw new AppError('VALIDATION_FAILED', { message: 'The article was not saved: some fields need attention.', fields })
}

/** JSON shape of an article for the admin API. */
export function articleJson(a: EditableArticle, sections: Section[]) {
  // the public URL is the live version's (a working copy may move the article only when it goes live)
  const section = sections.find((s) => s.id === (a.editing.live?.sectionId ?? a.sectionId))
  return {
    ...a,
    url:
      a.status === 'published' && a.firstPublishedAt && section
        ? articlePath(section, { firstPublishedAt: a.firstPublishedAt, slug: a.editing.live?.slug ?? a.slug })
        : null,
  }
}

function staffJson(a: Account) {
  return { id: a.id, email: a.email, displayName: a.displayName, kind: a.kind, role: a.role, disabled: a.disabledAt !== null, lastSignInAt: a.lastSignInAt }
}

/** The admin API under /api/admin: the newsroom's operations as JSON, by session or API token. */
const ScopeSchema = Type.Unsafe<TokenScope>(Type.String({ enum: [...TOKEN_SCOPES] }))

export async function adminApi(root: FastifyInstance, ctx: NewsroomContext) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const sectionsOf = async (editionId: number) => (await ctx.editions.byId(editionId)).sections

  app.get(
    '/api/admin/me',
    { config: { policy: 'staff' }, schema: { ...operation('account', 'getMe', 'Who is calling'), response: { 200: MeResponse, ...errorResponses() } } },
    async (request) => {
      const p = request.auth!.principal
      return { id: p.id, email: p.email, displayName: p.displayName, role: p.role }
    },
  )

  // Articles
  app.get(
    '/api/admin/articles',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('articles', 'listArticles', 'List articles, newest change first'),
        querystring: ListQuery,
        response: { 200: Type.Object({ articles: Type.Array(ArticleListItem) }), ...errorResponses(400) },
      },
    },
    async (request) => {
      const q = request.query
      const rows = await findNewsroomArticles(ctx.db, {
        status: q.status,
        sectionId: q.sectionId,
        personId: q.personId,
        text: q.q?.trim() || undefined,
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      })
      return {
        articles: rows.map((r) => ({
          id: r.id,
          headline: r.headline,
          status: r.status,
          section: r.section_name,
          bylines: r.bylines,
          createdBy: r.created_by_name,
          modifiedAt: r.modified_at,
          publishedAt: r.published_at,
          scheduledFor: r.scheduled_for,
        })),
      }
    },
  )

  app.post(
    '/api/admin/articles',
    {
      config: { policy: 'reporter' },
      preValidation: bodyFirst,
      schema: {
        ...operation('articles', 'createArticle', 'Write a new article (a draft)'),
        body: ArticleInputSchema,
        response: { 201: ArticleResponse, ...errorResponses(...BODY_ERRORS) },
      },
    },
    async (request, reply) => {
      const a = await ctx.articles.createArticle(request.body, request.auth!.principal)
      return reply.code(201).send(articleJson(a, await sectionsOf(a.editionId)))
    },
  )

  app.get(
    '/api/admin/articles/:id',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('articles', 'getArticle', 'Get an article with everything an editor can change'),
        params: IdParams,
        response: { 200: ArticleResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const a = await ctx.articles.getForEditing(request.params.id, request.auth!.principal)
      return articleJson(a, await sectionsOf(a.editionId))
    },
  )

  app.put(
    '/api/admin/articles/:id',
    {
      config: { policy: 'reporter' },
      preValidation: bodyFirst,
      schema: {
        ...operation(
          'articles',
          'updateArticle',
          'Save changes to an article',
          'Fields left out keep their stored values. With `version`, a save from an older version is refused (409) instead of overwriting.',
        ),
        params: IdParams,
        querystring: Type.Object({
          autosave: Type.Optional(Type.Boolean({ description: 'an autosave: kept as a revision that later autosaves replace, and not audited' })),
        }),
        body: ArticleInputSchema,
        response: { 200: ArticleResponse, ...errorResponses(...BODY_ERRORS, 404, 409) },
      },
    },
    async (request) => {
      const a = await ctx.articles.updateArticle(request.params.id, request.body, request.auth!.principal, { autosave: request.query.autosave === true })
      return articleJson(a, await sectionsOf(a.editionId))
    },
  )

  app.post(
    '/api/admin/articles/:id/workflow',
    {
      config: { policy: 'reporter' },
      schema: {
        ...operation(
          'articles',
          'transitionArticle',
          'Submit, schedule, publish, update live, discard changes or unpublish an article',
          'On a published article, edits go to its working copy: `update` puts it live as a new published version (with `note`), `discard` throws it away, `schedule` puts it live at `scheduledFor`, `submit`/`return` send a reporter’s proposed changes to an editor and back.',
        ),
        params: IdParams,
        body: Type.Object(
          {
            action: ActionSchema,
            scheduledFor: Type.Optional(
              Type.String({ format: 'date-time', description: 'when to publish, or to put the working copy live (action schedule)' }),
            ),
            note: Type.Optional(
              Type.String({ maxLength: 300, description: 'the one-line change note of an update (update, schedule on a published article)' }),
            ),
            version: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 2147483647, description: 'update: the working copy version you saw; refused (409) if it changed since' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: WorkflowResponse, ...errorResponses(...BODY_ERRORS, 404, 409) },
      },
    },
    async (request) => {
      const { action, scheduledFor, note, version } = request.body
      // putting copy live or taking it down needs a token's publish scope
      if (['publish', 'schedule', 'unschedule', 'unpublish', 'update'].includes(action)) requireScope(request, 'publish')
      const a = await ctx.workflow.transition(request.params.id, action, request.auth!.principal, {
        ...(scheduledFor ? { scheduledFor: new Date(scheduledFor) } : {}),
        ...(note !== undefined ? { note } : {}),
        ...(version !== undefined ? { version } : {}),
      })
      return { id: a.id, status: a.status, scheduledFor: a.scheduledFor }
    },
  )

  app.post(
    '/api/admin/articles/:id/corrections',
    {
      config: { policy: 'editor', scope: 'publish' },
      schema: {
        ...operation('articles', 'addCorrection', 'Add a correction to a published article'),
        params: IdParams,
        body: Type.Object({ text: Type.String({ maxLength: 10000 }) }, { additionalProperties: false }),
        response: { 201: CorrectionResponse, ...errorResponses(...BODY_ERRORS, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await ctx.workflow.addCorrection(request.params.id, request.body.text, request.auth!.principal)),
  )

  app.get(
    '/api/admin/articles/:id/versions',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation(
          'versions',
          'listVersions',
          "List an article's published versions",
          'Every publication, update and correction, oldest first: what readers were shown, hash-chained.',
        ),
        params: IdParams,
        response: { 200: Type.Object({ versions: Type.Array(VersionSummarySchema) }), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      await ctx.articles.load(request.params.id)
      return { versions: await createVersionStore(ctx.db).listVersions(request.params.id) }
    },
  )

  app.get(
    '/api/admin/articles/:id/versions/:number',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('versions', 'getVersion', 'Get one published version with its content'),
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }), number: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        response: { 200: VersionResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const v = await createVersionStore(ctx.db).getVersion(request.params.id, request.params.number)
      if (!v) throw new AppError('NOT_FOUND', { message: 'That article has no such published version.' })
      return v
    },
  )

  // Translations: the same story in other editions ("Read in", hreflang, JSON-LD workTranslation)
  const TranslationList = Type.Object({
    translations: Type.Array(
      Type.Object({
        articleId: Type.Integer(),
        editionId: Type.Integer(),
        edition: Type.String(),
        locale: Type.String(),
        headline: Type.String(),
        path: Type.Union([Type.String(), Type.Null()], { description: 'its public path, when published' }),
        original: Type.Boolean({ description: 'the version the others translate' }),
      }),
    ),
  })
  const translations = createTranslationService(ctx)
  const listed = (group: Translation[]) => ({
    translations: group.map((x) => ({
      articleId: x.articleId,
      editionId: x.editionId,
      edition: x.editionName,
      locale: x.locale,
      headline: x.headline,
      path: x.path ?? null,
      original: x.isOriginal,
    })),
  })

  app.get(
    '/api/admin/articles/:id/translations',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('articles', 'listTranslations', "List the story's versions in other editions"),
        params: IdParams,
        response: { 200: TranslationList, ...errorResponses(400, 404) },
      },
    },
    async (request) => listed(await translations.list(request.params.id)),
  )

  app.put(
    '/api/admin/articles/:id/translations/:translationId',
    {
      config: { policy: 'editor' },
      schema: {
        ...operation('articles', 'linkTranslation', 'Link an article in another edition as a translation of this story'),
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }), translationId: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        response: { 200: TranslationList, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => listed(await translations.link(request.params.id, request.params.translationId, request.auth!.principal)),
  )

  app.delete(
    '/api/admin/articles/:id/translations',
    {
      config: { policy: 'editor' },
      schema: {
        ...operation('articles', 'unlinkTranslation', "Take this article out of its story's translations"),
        params: IdParams,
        response: { 204: Type.Null({ description: 'Unlinked (the others stay linked to each other)' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await translations.unlink(request.params.id, request.auth!.principal)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/admin/articles/:id/revisions',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('revisions', 'listRevisions', "List an article's revisions"),
        params: IdParams,
        response: { 200: RevisionListResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const revisions = await ctx.workflow.revisions(request.params.id)
      return {
        revisions: revisions.map((r) => ({ number: r.number, kind: r.kind, createdAt: r.createdAt, author: r.authorName, headline: r.snapshot.headline })),
      }
    },
  )

  app.get(
    '/api/admin/articles/:id/revisions/compare',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('revisions', 'compareRevisions', 'Compare two revisions, field by field'),
        params: IdParams,
        querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
        response: { 200: RevisionCompareResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const c = await ctx.workflow.compare(request.params.id, request.query.from, request.query.to)
      return { from: c.from.number, to: c.to.number, fields: c.fields }
    },
  )

  app.post(
    '/api/admin/articles/:id/revisions/:number/restore',
    {
      config: { policy: 'reporter' },
      schema: {
        ...operation('revisions', 'restoreRevision', 'Make an old revision the current copy (as a new revision)'),
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }), number: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        response: { 200: ArticleResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const a = await ctx.workflow.restore(request.params.id, request.params.number, request.auth!.principal)
      return articleJson(a, await sectionsOf(a.editionId))
    },
  )

  app.get(
    '/api/admin/articles/:id/history',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('articles', 'getArticleHistory', 'Who did what to an article, and when'),
        params: IdParams,
        response: { 200: HistoryResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      await ctx.articles.load(request.params.id)
      const entries = await findAudit(ctx.db, 'article', request.params.id)
      return { history: entries.map((e) => ({ at: e.at, action: e.action, actor: e.actor, detail: e.detail })) }
    },
  )

  // Sections
  app.get(
    '/api/admin/sections',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('sections', 'listSections', 'List the sections'),
        response: { 200: Type.Object({ sections: Type.Array(SectionResponse) }), ...errorResponses() },
      },
    },
    async () => ({ sections: (await ctx.editions.get()).sections }),
  )

  app.post(
    '/api/admin/sections',
    {
      config: { policy: 'admin' },
      schema: {
        ...operation('sections', 'createSection', 'Add a section'),
        body: SectionInputSchema,
        response: { 201: SectionResponse, ...errorResponses(...BODY_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      return reply.code(201).send(await ctx.sections.createSection((await ctx.editions.get()).edition.id, request.body, request.auth!.principal.id))
    },
  )

  app.put(
    '/api/admin/sections/:id',
    {
      config: { policy: 'admin' },
      schema: {
        ...operation('sections', 'updateSection', 'Change a section'),
        params: IdParams,
        body: SectionInputSchema,
        response: { 200: SectionResponse, ...errorResponses(...BODY_ERRORS, 404, 409) },
      },
    },
    async (request) => {
      return ctx.sections.updateSection(request.params.id, request.body, request.auth!.principal.id)
    },
  )

  // People: bylines for everyone on staff, accounts for admins
  app.get(
    '/api/admin/bylines',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation(
          'people',
          'listBylines',
          'List the people articles can be bylined to',
          'People with a writing role (reporter, editor, admin) and byline-only people who already have articles.',
        ),
        response: { 200: BylinesResponse, ...errorResponses() },
      },
    },
    async () => ({ bylines: await findWriters(ctx.db) }),
  )

  app.get(
    '/api/admin/people',
    {
      config: { policy: 'admin' },
      schema: {
        ...operation('people', 'listStaff', 'List staff accounts'),
        response: { 200: Type.Object({ people: Type.Array(StaffResponse) }), ...errorResponses() },
      },
    },
    async () => {
      return { people: (await createAccountStore(ctx.db).findAccounts({ kind: 'staff' })).map(staffJson) }
    },
  )

  app.post(
    '/api/admin/people',
    {
      config: { policy: 'admin' },
      schema: {
        ...operation('people', 'createStaff', 'Add a staff account (and its byline)', 'Without `password`, one is generated and returned once.'),
        body: Type.Object(
          {
            email: Type.String({ maxLength: 500 }),
            displayName: Type.String({ maxLength: 500 }),
            role: Type.String({ maxLength: 50 }),
            password: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ account: StaffResponse, password: Type.Optional(Type.String({ description: 'the generated password, shown once' })) }),
          ...errorResponses(...BODY_ERRORS, 409),
        },
      },
    },
    async (request, reply) => {
      const b = request.body
      const problems = accountFieldProblems({ role: b.role })
      if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems })
      const r = await ctx.staff.createStaff(
        { email: b.email, displayName: b.displayName, role: b.role as never, password: b.password },
        request.auth!.principal.id,
      )
      return reply.code(201).send({ account: staffJson(r.account), ...(r.generated ? { password: r.password } : {}) })
    },
  )

  app.patch(
    '/api/admin/people/:id',
    {
      config: { policy: 'admin' },
      schema: {
        ...operation('people', 'updateStaff', "Change a staff account's role, or disable or re-enable it"),
        params: IdParams,
        body: Type.Object({ role: Type.Optional(RoleSchema), disabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: StaffResponse, ...errorResponses(...BODY_ERRORS, 404, 409) },
      },
    },
    async (request) => {
      const actor = request.auth!.principal.id
      let account: Account | undefined
      if (request.body.role !== undefined) account = await ctx.staff.setRole(request.params.id, request.body.role, actor)
      if (request.body.disabled !== undefined) account = await ctx.staff.setDisabled(request.params.id, request.body.disabled, actor)
      account ??= await createAccountStore(ctx.db).getAccount(request.params.id)
      if (!account) throw new AppError('NOT_FOUND', { message: 'That account does not exist.' })
      return staffJson(account)
    },
  )

  app.post(
    '/api/admin/people/:id/reset-password',
    {
      config: { policy: 'admin' },
      schema: {
        ...operation('people', 'resetStaffPassword', 'Give a staff account a new generated password'),
        params: IdParams,
        response: { 200: Type.Object({ password: Type.String() }), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const a = await createAccountStore(ctx.db).getAccount(request.params.id)
      if (!a) throw new AppError('NOT_FOUND', { message: 'That account does not exist.' })
      const r = await ctx.staff.resetPassword(a.email, undefined, request.auth!.principal.id)
      return { password: r.password }
    },
  )

  app.post(
    '/api/admin/people/:id/sign-out-everywhere',
    {
      config: { policy: 'admin' },
      schema: {
        ...operation('people', 'signOutStaffEverywhere', "End a staff account's sessions"),
        params: IdParams,
        response: { 200: Type.Object({ sessionsEnded: Type.Integer() }), ...errorResponses(400) },
      },
    },
    async (request) => {
      return { sessionsEnded: await ctx.auth.endAllSessions(request.params.id) }
    },
  )

  // API tokens: each staff member manages their own
  app.get(
    '/api/admin/tokens',
    {
      config: { policy: 'staff' },
      schema: { ...operation('tokens', 'listTokens', 'List your API tokens'), response: { 200: TokenListResponse, ...errorResponses() } },
    },
    async (request) => {
      const tokens = await ctx.auth.listApiTokens(request.auth!.principal.id)
      return {
        tokens: tokens.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          createdAt: t.created_at,
          lastUsedAt: t.last_used_at,
          revoked: t.revoked_at !== null,
          revokedReason: t.revoked_reason,
          scopes: t.scopes as TokenScope[],
          expiresAt: t.expires_at,
        })),
      }
    },
  )

  app.post(
    '/api/admin/tokens',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('tokens', 'createToken', 'Make an API token that acts as you'),
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 80 }),
            scopes: Type.Optional(
              Type.Array(ScopeSchema, {
                minItems: 1,
                maxItems: 4,
                uniqueItems: true,
                description: 'read (GET), write (other changes), publish (put live, unpublish, correct), admin (admin routes); default read and write',
              }),
            ),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'the token stops working after this many days' })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.Integer(),
            token: Type.String({ description: 'shown once; only its hash is kept' }),
            prefix: Type.String(),
            scopes: Type.Array(ScopeSchema),
            expiresAt: Nullable(DateTime),
          }),
          ...errorResponses(...BODY_ERRORS),
        },
      },
    },
    async (request, reply) => {
      const name = request.body.name.trim()
      if (!name) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'name', message: 'Give the token a name.' }] })
      const days = request.body.expiresInDays
      const expiresAt = days ? new Date(Date.now() + days * 86_400_000) : undefined
      return reply.code(201).send(await ctx.auth.createApiToken(request.auth!.principal.id, name, { scopes: request.body.scopes, expiresAt }))
    },
  )

  app.delete(
    '/api/admin/tokens/:id',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('tokens', 'revokeToken', 'Revoke one of your API tokens'),
        params: IdParams,
        response: { 204: Type.Null({ description: 'Revoked' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      if (!(await ctx.auth.revokeApiToken(request.auth!.principal.id, request.params.id)))
        throw new AppError('NOT_FOUND', { message: 'You have no active token with that id.' })
      return reply.code(204).send(null)
    },
  )

  app.get('/api/admin/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, async () => root.swagger())
}
