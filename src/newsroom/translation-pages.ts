import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { Type } from 'typebox'
import type { Translation } from '../content/translations.ts'
import { AppError, isAppError } from '../errors.ts'
import { html } from '../web/html.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import { sendPage } from '../web/responses.ts'
import type { NewsroomContext } from './context.ts'
import { editionsOf } from './edition-admin.ts'
import { createTranslationService } from './translation-service.ts'

type FrameFn = (request: FastifyRequest, reply: FastifyReply, title: string, current?: string, flash?: NewsroomFrame['flash']) => NewsroomFrame

const Params = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })
const Query = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  done: Type.Optional(Type.Union([Type.Literal('linked'), Type.Literal('unlinked')])),
})
const LinkForm = Type.Object({
  translationId: Type.Optional(Type.Union([Type.Literal(''), Type.Integer({ minimum: 1, maximum: 2147483647 })])),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})
const UnlinkForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) })

/**
 * The newsroom's Translations page for one article: its versions in other editions, a form to link
 * one (found by headline among the editions this person works in) and one to unlink it. The same
 * rules as the admin API (translation-service.ts).
 */
export async function translationPages(root: FastifyInstance, o: { ctx: NewsroomContext; frame: FrameFn }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx, frame } = o
  const service = createTranslationService(ctx)

  /** Up to 50 articles of other editions this person works in, newest first, matching the headline words. */
  const candidates = async (request: FastifyRequest, article: { id: number; edition_id: number }, q: string, group: Translation[]) => {
    const allowed = await editionsOf(ctx.db, request.auth!.principal)
    const taken = new Set(group.map((g) => g.editionId))
    taken.add(article.edition_id)
    const words = q.normalize('NFC').split(/\s+/).filter(Boolean).slice(0, 6)
    let query = ctx.db
      .selectFrom('articles')
      .innerJoin('editions', 'editions.id', 'articles.edition_id')
      .select(['articles.id', 'articles.headline', 'articles.status', 'editions.name as edition', 'editions.locale'])
      .where('articles.edition_id', 'not in', [...taken])
      .where('articles.translation_group_id', 'is', null)
    if (allowed !== 'all') query = query.where('articles.edition_id', 'in', allowed.length ? allowed : [-1])
    for (const w of words) query = query.where(sql<boolean>`strpos(lower(articles.headline), lower(${w})) > 0`)
    return query.orderBy('articles.updated_at', 'desc').limit(50).execute()
  }

  const show = async (request: FastifyRequest, reply: FastifyReply, id: number, q: string, flash?: NewsroomFrame['flash'], status = 200) => {
    const article = await ctx.db.selectFrom('articles').select(['id', 'headline', 'edition_id']).where('id', '=', id).executeTakeFirst()
    if (!article) throw new AppError('ARTICLE_NOT_FOUND')
    const group = await service.list(id)
    const f = frame(request, reply, '', undefined, flash)
    const { tr } = f
    f.title = tr.t('nr.tl.title', { headline: article.headline })
    const edition = (await ctx.editions.list()).find((e) => e.id === article.edition_id)
    const found = await candidates(request, article, q, group)
    const mayEdit = request.auth!.principal.role === 'admin' || request.auth!.principal.role === 'editor'
    return sendPage(
      reply,
      newsroomLayout(
        f,
        html`<p><a href="/newsroom/articles/${id}">${tr.t('nr.tl.back')}</a></p>
<h1>${tr.t('nr.tl.heading')}</h1>
<p><bdi>${article.headline}</bdi> · ${tr.t('nr.tl.thisOne', { edition: edition?.name ?? '' })}</p>
<p class="nr-hint">${tr.t('nr.tl.intro')}</p>
${
  group.length
    ? html`<table class="nr-table" id="translations">
<thead><tr><th scope="col">${tr.t('nr.tl.edition')}</th><th scope="col">${tr.t('nr.tl.headline')}</th><th scope="col">${tr.t('nr.tl.status')}</th></tr></thead>
<tbody>${group.map(
        (g) => html`<tr${g.articleId === id ? html` aria-current="true"` : ''}><td>${g.editionName}</td>
<td lang="${g.locale}" dir="auto"><a href="/newsroom/articles/${g.articleId}">${g.headline}</a>${g.isOriginal ? html` <span class="nr-badge">${tr.t('nr.tl.original')}</span>` : ''}</td>
<td>${g.path ? html`<a href="${g.path}">${tr.t('nr.tl.published')}</a>` : tr.t('nr.tl.notPublished')}</td></tr>`,
      )}</tbody></table>`
    : html`<p id="translations-none">${tr.t('nr.tl.none')}</p>`
}
${
  mayEdit
    ? html`<h2>${tr.t('nr.tl.linkHeading')}</h2>
<form method="get" action="/newsroom/articles/${id}/translations" class="nr-filters" role="search">
  <label>${tr.t('nr.tl.search')} <input name="q" value="${q}" maxlength="200"></label>
  <button type="submit" class="nr-button">${tr.t('nr.tl.searchButton')}</button>
</form>
${
  found.length
    ? html`<form method="post" action="/newsroom/articles/${id}/translations" class="nr-form" id="link-translation">${csrfField(f.csrfToken)}
  <fieldset><legend>${tr.t('nr.tl.candidates')}</legend>
  ${found.map(
    (c) =>
      html`<p><label><input type="radio" name="translationId" value="${c.id}"> <span lang="${c.locale}" dir="auto">${c.headline}</span> · ${c.edition}${c.status === 'published' ? '' : html` (${tr.t('nr.tl.notPublished')})`}</label></p>`,
  )}
  </fieldset>
  <button type="submit" class="nr-button nr-button--primary">${tr.t('nr.tl.link')}</button>
</form>`
    : html`<p>${tr.t('nr.tl.noCandidates')}</p>`
}
${
  group.length
    ? html`<h2>${tr.t('nr.tl.unlinkHeading')}</h2>
<form method="post" action="/newsroom/articles/${id}/translations/unlink" class="nr-form">${csrfField(f.csrfToken)}
  <p class="nr-hint">${tr.t('nr.tl.unlinkHint')}</p>
  <button type="submit" class="nr-button">${tr.t('nr.tl.unlink')}</button>
</form>`
    : ''
}`
    : ''
}`,
      ),
      status,
    )
  }

  /** A refused link or unlink: the page again with what was wrong, nothing changed. */
  const refused = (request: FastifyRequest, reply: FastifyReply, id: number, e: unknown) => {
    if (!isAppError(e) || !['CONFLICT', 'FORBIDDEN', 'VALIDATION_FAILED', 'ARTICLE_NOT_FOUND'].includes(e.code)) throw e
    if (e.code === 'ARTICLE_NOT_FOUND') throw e
    return show(request, reply, id, '', { kind: 'error', text: e.publicMessage }, e.status)
  }

  app.get('/newsroom/articles/:id/translations', { config: { policy: 'staff' }, schema: { params: Params, querystring: Query } }, async (request, reply) => {
    const done = request.query.done
    const tr = frame(request, reply, '').tr
    return show(
      request,
      reply,
      request.params.id,
      request.query.q ?? '',
      done ? { kind: 'ok', text: tr.t(done === 'linked' ? 'nr.tl.linked' : 'nr.tl.unlinked') } : undefined,
    )
  })

  app.post('/newsroom/articles/:id/translations', { config: { policy: 'editor' }, schema: { params: Params, body: LinkForm } }, async (request, reply) => {
    const id = request.params.id
    const other = request.body.translationId
    if (typeof other !== 'number') return show(request, reply, id, '', { kind: 'error', text: frame(request, reply, '').tr.t('nr.tl.pickOne') }, 400)
    try {
      await service.link(id, other, request.auth!.principal)
    } catch (e) {
      return refused(request, reply, id, e)
    }
    return reply.redirect(`/newsroom/articles/${id}/translations?done=linked`, 303)
  })

  app.post(
    '/newsroom/articles/:id/translations/unlink',
    { config: { policy: 'editor' }, schema: { params: Params, body: UnlinkForm } },
    async (request, reply) => {
      const id = request.params.id
      try {
        await service.unlink(id, request.auth!.principal)
      } catch (e) {
        return refused(request, reply, id, e)
      }
      return reply.redirect(`/newsroom/articles/${id}/translations?done=unlinked`, 303)
    },
  )
}
