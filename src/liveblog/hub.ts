import type { Logger } from 'pino'
import type { LiveBlogBus, LiveBlogEvent } from './bus.ts'

/** One connected page's stream (a reader's, or an editor's composer). */
export interface HubClient {
  send(event: string, data: unknown): boolean
  close(): void
}

/** What pages are sent about a changed entry: rendered once per node and event, not per reader. */
export type EntryMessage =
  | { id: number; seq: number; deleted: true }
  | { id: number; seq: number; deleted: false; pinned: boolean; title: string; html: string; keyHtml: string; postedAt: string }

/**
 * The process's one subscription to live-blog events, fanned out in memory to the pages connected
 * to this node, grouped by article (the discussion's live hub, for entries).
 */
export function createLiveBlogHub(deps: { bus: LiveBlogBus; render: (entryId: number, seq: number) => Promise<EntryMessage | undefined>; log: Logger }) {
  const { bus, log } = deps
  const byArticle = new Map<number, Set<HubClient>>()
  let started: Promise<void> | undefined
  let clients = 0

  async function deliver(e: LiveBlogEvent): Promise<void> {
    const set = byArticle.get(e.articleId)
    if (!set) return
    if (e.type === 'status') {
      for (const c of set) c.send('status', { ended: e.ended })
      return
    }
    const message = e.message ?? (await deps.render(e.entryId, e.seq))
    if (!message) return
    for (const c of byArticle.get(e.articleId) ?? []) c.send('entry', message)
  }

  return {
    start(): Promise<void> {
      started ??= bus.subscribe((e) => {
        deliver(e).catch((err) => log.warn({ err, event: e.type }, 'live blog delivery failed'))
      })
      return started
    },
    add(articleId: number, client: HubClient): () => void {
      let set = byArticle.get(articleId)
      if (!set) byArticle.set(articleId, (set = new Set()))
      set.add(client)
      clients++
      return () => {
        if (!set.delete(client)) return
        clients--
        if (set.size === 0) byArticle.delete(articleId)
      }
    },
    async publish(e: LiveBlogEvent): Promise<void> {
      try {
        await bus.publish(e)
      } catch (err) {
        log.warn({ err, event: e.type }, 'could not publish a live blog event')
      }
    },
    disconnectAll(): void {
      for (const set of byArticle.values()) for (const c of set) c.close()
      byArticle.clear()
      clients = 0
    },
    get clientCount() {
      return clients
    },
    async close(): Promise<void> {
      byArticle.clear()
      await bus.close()
    },
  }
}

export type LiveBlogHub = ReturnType<typeof createLiveBlogHub>
