import { createArticleStore } from '../content/article-store.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { Config } from '../config.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { newsroomLayout, type NewsroomAssets, staffTr } from '../web/newsroom-layout.ts'
import { html, type SafeHtml } from '../web/html.ts'
import type { Translator } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'
import type { CounterService } from './counter-service.ts'

const Params = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })
const Query = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'it must be a number of days from 1 to 366' })) })

export interface ViewHistory {
  articleId: number
  headline: string
  total: number
  days: { day: string; views: number }[]
  span: number
}

/** Every day of the span, oldest first, with 0 for days without views. */
export function fillDays(days: { day: string; views: number }[], span: number, now: Date): { day: string; views: number }[] {
  const byDay = new Map(days.map((d) => [d.day, d.views]))
  const out = []
  for (let i = span - 1; i >= 0; i--) {
    const day = new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10)
    out.push({ day, views: byDay.get(day) ?? 0 })
  }
  return out
}

function historyBody(tr: Translator, h: ViewHistory): SafeHtml {
  const max = Math.max(1, ...h.days.map((d) => d.views))
  const inSpan = h.days.reduce((s, d) => s + d.views, 0)
  return html`<h1>${tr.t('desk.views.title', { headline: h.headline })}</h1>
<p><a href="/newsroom/articles/${h.articleId}">${tr.t('desk.live.editArticle')}</a></p>
<p class="nr-views-summary">${tHtml(
    tr,
    'desk.views.summary',
    { total: html`<strong>${tr.number(h.total)}</strong>`, inSpan: html`<strong>${tr.number(inSpan)}</strong>` },
    { n: h.total, days: h.span },
  )}</p>
<nav aria-label="${tr.t('desk.views.period')}" class="nr-pager">${[7, 30, 90].map((d) => (d === h.span ? html`<strong>${tr.t('desk.views.days', { n: d })}</strong> ` : html`<a href="?days=${d}">${tr.t('desk.views.days', { n: d })}</a> `))}</nav>
<table class="nr-table nr-views">
  <caption class="visually-hidden">${tr.t('desk.views.caption')}</caption>
  <thead><tr><th scope="col">${tr.t('desk.views.day')}</th><th scope="col">${tr.t('desk.views.views')}</th><th scope="col"><span class="visually-hidden">${tr.t('desk.views.bar')}</span></th></tr></thead>
  <tbody>${[...h.days].reverse().map((d) => html`<tr><td><time datetime="${d.day}">${d.day}</time></td><td>${tr.number(d.views)}</td><td><meter min="0" max="${max}" value="${d.views}" aria-hidden="true">${d.views}</meter></td></tr>`)}</tbody>
</table>`
}

/** Per-article daily view history in the newsroom (any staff member). */
export async function countersNewsroomPages(
  app: FastifyInstance,
  o: { counters: CounterService; db: Kysely<DB>; config: Config; now: () => Date; assets: NewsroomAssets },
) {
  const { counters } = o

  const history = async (id: number, span: number): Promise<ViewHistory> => {
    const row = await counters.getCounts(id)
    if (!row) throw new AppError('ARTICLE_NOT_FOUND')
    const headline = await headlineOf(id)
    return { articleId: id, headline, total: row.views, span, days: fillDays(await counters.dailyViews(id, span), span, o.now()) }
  }
  const headlineOf = async (id: number) => {
    const headline = await createArticleStore(o.db).getHeadline(id)
    if (headline === undefined) throw new AppError('ARTICLE_NOT_FOUND')
    return headline
  }

  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>(
    '/newsroom/articles/:id/views',
    { config: { policy: 'staff' }, schema: { params: Params, querystring: Query } },
    async (request: FastifyRequest<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>, reply: FastifyReply) => {
      const h = await history(request.params.id, request.query.days ?? 30)
      const tr = staffTr(request)
      const page = newsroomLayout(
        {
          title: tr.t('desk.views.title', { headline: h.headline }),
          who: request.auth?.principal ?? null,
          tr: staffTr(request),
          csrfToken: formCsrfToken(request, reply, o.config),
          assets: o.assets,
        },
        historyBody(tr, h),
      )
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)
    },
  )
}
