import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { create } from 'xmlbuilder2'
import { bodyText } from '../content/blocks.ts'
import type { Article } from '../content/types.ts'
import { AppError } from '../errors.ts'
import { cachePage } from '../cache/http-cache.ts'
import { openEventStream } from '../http/event-stream.ts'
import { isoTime } from '../web/format.ts'
import { renderBody } from '../web/body.ts'
import { layout } from '../web/layout.ts'
import type { ChromeService } from '../web/chrome.ts'
import type { PageContext } from '../web/pages.ts'
import type { LiveEntry } from './entry-store.ts'
import type { LiveBlogHub } from './hub.ts'
import { liveBlogTag, PAGE_SIZE, type LiveBlogService } from './liveblog-service.ts'
import { olderEntriesMain, type EntryContext } from './templates.ts'

// ids in URLs are matched as digits: ajv's coercion would turn "1e309" into Infinity and let it through
const IdText = Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'it must be a number like 12' })
const IdParams = Type.Object({ id: IdText })
const EventsQuery = Type.Object(
  { after: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,14})$', description: 'the last change number the page has seen' })) },
  { additionalProperties: false },
)
const OlderQuery = Type.Object(
  { before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'it must be an entry number from an "Older updates" link' })) },
  { additionalProperties: false },
)

/** How many changes a reconnecting page catches up on before it is told to reload instead. */
const CATCH_UP = 200

export interface PublicBlog {
  article: Article
  path: string
  startedAt: Date
  endedAt: Date | null
}

/** Readers' side of live blogs: live updates (SSE), older entries, entry permalinks and the feed of entries. */
export async function liveBlogPublicRoutes(
  app: FastifyInstance,
  o: {
    service: LiveBlogService
    hub: LiveBlogHub
    chrome: ChromeService
    pageAssets: PageContext
    siteUrl: string
    entryContext: (entries: LiveEntry[]) => Promise<EntryContext>
    /** The entry as pages' scripts receive it. */
    message: (e: LiveEntry) => Promise<unknown>
  },
) {
  const { service, hub } = o

  /** A published live blog, or 404 (drafts, unpublished articles and plain articles have no live side). */
  async function publicBlog(articleId: number): Promise<PublicBlog> {
    const blog = await service.store.getLiveBlog(articleId)
    const article = blog ? await service.article(articleId).catch(() => undefined) : undefined
    const path = article ? await service.publicPath(article) : undefined
    if (!blog || !article || !path) throw new AppError('ARTICLE_NOT_FOUND', { message: 'There is no published live blog here.' })
    return { article, path, startedAt: blog.startedAt, endedAt: blog.endedAt }
  }

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof EventsQuery> }>(
    '/live-blog/:id/events',
    { config: { policy: 'public' }, schema: { params: IdParams, querystring: EventsQuery } },
    async (request, reply) => {
      const release = app.streamQuota.acquire(request.ip)
      let articleId: number
      try {
        articleId = Number(request.params.id)
        // the newsroom's composer listens too, before the article is published
        if (request.auth?.principal.kind !== 'staff') await publicBlog(articleId)
        else await service.article(articleId)
        await hub.start()
      } catch (e) {
        release()
        throw e
      }
      let remove = () => {}
      const stream = openEventStream(request, reply, {
        retryMs: 2000,
        heartbeatMs: 25_000,
        onClose: () => {
          remove()
          release()
        },
      })
      remove = hub.add(articleId, stream)
      // subscribed first, then caught up: a change made in between arrives twice, and pages drop repeats by change number
      const after = request.query.after !== undefined ? Number(request.query.after) : undefined
      if (after !== undefined) {
        const changes = await service.store.changesSince(articleId, after, CATCH_UP + 1)
        if (changes.length > CATCH_UP) stream.send('reload', { reason: 'too many updates missed' })
        else for (const e of changes) stream.send('entry', await o.message(e))
      }
      const blog = await service.store.getLiveBlog(articleId)
      stream.send('ready', { seq: await service.store.lastChange(articleId), ended: blog?.endedAt != null })
    },
  )

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof OlderQuery> }>(
    '/live-blog/:id/older',
    { config: { policy: 'public', cache: true }, schema: { params: IdParams, querystring: OlderQuery } },
    async (request, reply) => {
      const b = await publicBlog(Number(request.params.id))
      const before = request.query.before !== undefined ? Number(request.query.before) : undefined
      const list = await service.store.listEntries(b.article.id, { beforeId: before, limit: PAGE_SIZE + 1 })
      const entries = list.slice(0, PAGE_SIZE)
      const newer = before !== undefined ? await service.store.listEntries(b.article.id, { beforeId: undefined, limit: 1 }) : []
      const ctx = await o.entryContext(entries)
      const chrome = await o.chrome.forPage({ editionCode: undefined, currentSectionId: b.article.sectionId })
      const page = layout({
        chrome,
        title: `${chrome.i18n.t('liveblog.earlier', { headline: b.article.headline })} | ${chrome.siteName}`,
        canonicalUrl: undefined,
        assets: o.pageAssets,
        robots: 'noindex, follow',
        bodyClass: 'page-article',
        main: olderEntriesMain({
          headline: b.article.headline,
          articleHref: b.path,
          entries,
          olderHref: list.length > PAGE_SIZE ? `/live-blog/${b.article.id}/older?before=${entries.at(-1)!.id}` : undefined,
          newerHref: newer.length && entries[0] && newer[0]!.id > entries[0].id ? b.path : undefined,
          ctx,
        }),
      })
      return cachePage(reply.type('text/html; charset=utf-8'), [liveBlogTag(b.article.id), `article:${b.article.id}`]).send(page.value)
    },
  )

  // an entry's permalink: the live page when the entry is among its newest, else the page of older entries that holds it
  app.get<{ Params: Static<typeof IdParams> }>(
    '/live-blog/entries/:id',
    { config: { policy: 'public' }, schema: { params: IdParams } },
    async (request, reply) => {
      const e = await service.store.getEntry(Number(request.params.id))
      if (!e || e.deletedAt) throw new AppError('NOT_FOUND', { message: 'That live update does not exist or was deleted.' })
      const b = await publicBlog(e.articleId)
      const newer = await service.store.newerCount(e.articleId, e.id)
      const location = newer < PAGE_SIZE ? `${b.path}#entry-${e.id}` : `/live-blog/${e.articleId}/older?before=${e.id + 1}#entry-${e.id}`
      return reply.header('cache-control', 'public, max-age=60').redirect(location, 302)
    },
  )

  app.get<{ Params: Static<typeof IdParams> }>(
    '/live-blog/:id/feed.xml',
    { config: { policy: 'public', cache: true }, schema: { params: IdParams } },
    async (request, reply) => {
      const b = await publicBlog(Number(request.params.id))
      const entries = await service.store.listEntries(b.article.id, { limit: 50 })
      const url = `${o.siteUrl}${b.path}`
      const updated = entries.reduce((m, e) => Math.max(m, (e.editedAt ?? e.postedAt).getTime()), (b.article.publishedAt ?? b.startedAt).getTime())
      const ctx = await o.entryContext(entries)
      const feed = create({ version: '1.0', encoding: 'utf-8' }).ele('http://www.w3.org/2005/Atom', 'feed')
      feed.ele('title').txt(`${b.article.headline}: live updates`)
      feed.ele('id').txt(`${url}#live`)
      feed.ele('updated').txt(isoTime(new Date(updated)))
      feed.ele('link', { rel: 'alternate', type: 'text/html', href: url })
      feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: `${o.siteUrl}/live-blog/${b.article.id}/feed.xml` })
      for (const e of entries) {
        const entry = feed.ele('entry')
        const text = bodyText(e.body)
        entry
          .ele('title')
          .txt(e.title || (text.length > 90 ? `${text.slice(0, text.lastIndexOf(' ', 90) > 40 ? text.lastIndexOf(' ', 90) : 90)}…` : text) || `Update ${e.id}`)
        entry.ele('id').txt(`${url}#entry-${e.id}`)
        entry.ele('link', { rel: 'alternate', type: 'text/html', href: `${url}#entry-${e.id}` })
        entry.ele('published').txt(isoTime(e.postedAt))
        entry.ele('updated').txt(isoTime(e.editedAt ?? e.postedAt))
        if (e.authorName) entry.ele('author').ele('name').txt(e.authorName)
        // the entry's HTML as a text node: the XML writer escapes it once
        entry.ele('content', { type: 'html' }).txt(renderBody(e.body, undefined, ctx.locale, { byId: ctx.pictures, plain: true }).value)
      }
      return cachePage(reply.type('application/atom+xml; charset=utf-8'), [liveBlogTag(b.article.id), `article:${b.article.id}`, 'feeds']).send(
        feed.end({ prettyPrint: true }),
      )
    },
  )
}
