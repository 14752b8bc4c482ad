import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createArticleStore } from '../content/article-store.ts'
import { validateBody, type Block } from '../content/blocks.ts'
import type { EditionContexts } from '../content/edition-context.ts'
import { articlePath } from '../content/paths.ts'
import type { Article } from '../content/types.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import type { EntryMessage, LiveBlogHub } from './hub.ts'
import { createEntryStore, type LiveBlog, type LiveEntry } from './entry-store.ts'
import { parseEntryText } from './entry-text.ts'

/** Who makes a change: the staff account, and the byline entries carry. */
export interface Actor {
  accountId: number
  name: string
}

/** An entry as the composer sends it: shorthand text (forms) or blocks (the JSON API). */
export interface EntryInput {
  text?: string | undefined
  body?: Block[] | undefined
  /** The key event's label; required to pin. */
  title?: string | undefined
  pinned?: boolean | undefined
}

/** The cache tag of every page that shows a live blog's entries (its article page, its feeds, its older pages). */
export const liveBlogTag = (articleId: number) => `liveblog:${articleId}`

/** Readers see this many entries on the article page; older ones are a page (or a click) away. */
export const PAGE_SIZE = 20

const MAX_TITLE = 200

function cleanTitle(title: string | undefined): string {
  const t = (title ?? '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  if ([...t].length > MAX_TITLE)
    throw new AppError('VALIDATION_FAILED', {
      message: `A key event's label is at most ${MAX_TITLE} characters.`,
      fields: [{ field: 'title', message: `At most ${MAX_TITLE} characters.` }],
    })
  return t
}

/**
 * Live blogs: making an article live, posting, editing, pinning and deleting entries, ending
 * coverage. Each change is saved with its revision, announced to every node (the hub) and drops
 * the cached pages that show the live blog; nothing else of the article changes (its published
 * versions stay as the newsroom published them).
 */
export function createLiveBlogService(deps: {
  db: Kysely<DB>
  now: () => Date
  hub: LiveBlogHub
  editions: EditionContexts
  invalidate: (tags: string[]) => Promise<void>
  log: Logger
  /** The entry as pages receive it, rendered once where the change is made. */
  message: (e: LiveEntry) => Promise<EntryMessage>
}) {
  const { db, now, hub } = deps
  const store = createEntryStore(db)
  const articles = createArticleStore(db)

  async function changed(articleId: number, e: LiveEntry | undefined) {
    if (e) await hub.publish({ type: 'entry', articleId, entryId: e.id, seq: e.changeSeq, message: await deps.message(e) })
    await deps.invalidate([liveBlogTag(articleId)]).catch((err) => deps.log.warn({ err }, 'could not invalidate the live blog pages'))
  }

  function bodyOf(input: EntryInput): Block[] {
    if (input.body !== undefined) {
      const problems = input.body.length === 0 ? [{ path: '/', message: 'Write something: the entry is empty.' }] : validateBody(input.body)
      if (problems.length)
        throw new AppError('VALIDATION_FAILED', {
          message: problems[0]!.message,
          fields: problems.map((p) => ({ field: `body${p.path}`, message: p.message })),
        })
      return input.body
    }
    const { body, problems } = parseEntryText(input.text ?? '')
    if (problems.length) throw new AppError('VALIDATION_FAILED', { message: problems[0]!, fields: problems.map((message) => ({ field: 'text', message })) })
    return body
  }

  async function openBlog(articleId: number): Promise<LiveBlog> {
    const blog = await store.getLiveBlog(articleId)
    if (!blog) throw new AppError('NOT_FOUND', { message: 'That article is not a live blog. Start live coverage first.' })
    if (blog.endedAt) throw new AppError('CONFLICT', { message: 'Live coverage of this article has ended. Reopen it to post again.' })
    return blog
  }

  async function entryOf(entryId: number): Promise<LiveEntry> {
    const e = await store.getEntry(entryId)
    if (!e || e.deletedAt) throw new AppError('NOT_FOUND', { message: 'That live entry does not exist or was deleted.' })
    return e
  }

  const result = (r: LiveEntry | 'conflict' | undefined): LiveEntry => {
    if (r === 'conflict') throw new AppError('CONFLICT', { message: 'Someone else changed this entry meanwhile. Reload it and make your change again.' })
    if (!r) throw new AppError('NOT_FOUND', { message: 'That live entry does not exist or was deleted.' })
    return r
  }

  return {
    store,

    async article(articleId: number): Promise<Article> {
      const a = await articles.getArticle(articleId)
      if (!a) throw new AppError('ARTICLE_NOT_FOUND')
      return a
    },

    /** The article's public path when it is published, for links and permalinks. */
    async publicPath(a: Article): Promise<string | undefined> {
      if (a.status !== 'published' || !a.firstPublishedAt) return undefined
      const ctx = await deps.editions.byId(a.editionId)
      const section = ctx.byId.get(a.sectionId)
      return section ? articlePath(section, { firstPublishedAt: a.firstPublishedAt, slug: a.slug }) : undefined
    },

    async start(articleId: number, by: Actor): Promise<LiveBlog> {
      await this.article(articleId)
      const blog = await store.startLiveBlog(articleId, by.accountId, now())
      await hub.publish({ type: 'status', articleId, ended: false })
      await changed(articleId, undefined)
      return blog
    },

    async end(articleId: number, by: Actor): Promise<void> {
      await openBlog(articleId)
      await store.endLiveBlog(articleId, by.accountId, now())
      await hub.publish({ type: 'status', articleId, ended: true })
      await changed(articleId, undefined)
    },

    async post(articleId: number, input: EntryInput, by: Actor): Promise<LiveEntry> {
      await openBlog(articleId)
      const body = bodyOf(input)
      const title = cleanTitle(input.title)
      if (input.pinned && !title)
        throw new AppError('VALIDATION_FAILED', {
          message: 'A key event needs a label for the key-events list.',
          fields: [{ field: 'title', message: 'Write a short label to pin this entry.' }],
        })
      const e = await store.createEntry({ articleId, body, title, pinned: input.pinned === true, authorId: by.accountId, authorName: by.name, at: now() })
      await changed(articleId, e)
      return e
    },

    async edit(entryId: number, input: EntryInput & { expectRevision?: number | undefined }, by: Actor): Promise<LiveEntry> {
      const current = await entryOf(entryId)
      await openBlog(current.articleId)
      const body = input.text !== undefined || input.body !== undefined ? bodyOf(input) : undefined
      const title = input.title !== undefined ? cleanTitle(input.title) : undefined
      if ((input.pinned ?? current.pinned) && !(title ?? current.title))
        throw new AppError('VALIDATION_FAILED', {
          message: 'A key event needs a label for the key-events list.',
          fields: [{ field: 'title', message: 'Write a short label to pin this entry.' }],
        })
      const e = result(
        await store.changeEntry(
          entryId,
          { ...(body ? { body } : {}), ...(title !== undefined ? { title } : {}), ...(input.pinned !== undefined ? { pinned: input.pinned } : {}) },
          { action: 'edited', by: by.accountId, at: now(), expectRevision: input.expectRevision },
        ),
      )
      await changed(e.articleId, e)
      return e
    },

    async pin(entryId: number, pinned: boolean, title: string | undefined, by: Actor): Promise<LiveEntry> {
      const current = await entryOf(entryId)
      await openBlog(current.articleId)
      const label = title !== undefined ? cleanTitle(title) : current.title
      if (pinned && !label)
        throw new AppError('VALIDATION_FAILED', {
          message: 'A key event needs a label for the key-events list.',
          fields: [{ field: 'title', message: 'Write a short label to pin this entry.' }],
        })
      const e = result(await store.changeEntry(entryId, { pinned, title: label }, { action: pinned ? 'pinned' : 'unpinned', by: by.accountId, at: now() }))
      await changed(e.articleId, e)
      return e
    },

    async remove(entryId: number, by: Actor): Promise<LiveEntry> {
      const current = await entryOf(entryId)
      const e = result(await store.changeEntry(entryId, { deleted: true }, { action: 'deleted', by: by.accountId, at: now() }))
      await changed(current.articleId, e)
      return e
    },
  }
}

export type LiveBlogService = ReturnType<typeof createLiveBlogService>
