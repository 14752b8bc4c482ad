import type { Logger } from 'pino'
import type { DiscussionBus } from './bus.ts'
import type { DiscussionEvent } from './events.ts'

/** One connected reader's stream. */
export interface LiveClient {
  send(event: string, data: unknown): boolean
  close(): void
}

/** What live readers are sent for a visible comment: rendered once per node, not per reader. */
export interface LiveComment {
  id: number
  parentId: number | null
  html: string
}

/**
 * The process's one subscription to discussion events, fanned out in memory to the readers
 * connected to this node, grouped by article. A comment is loaded and rendered once per event.
 */
export function createLiveHub(deps: { bus: DiscussionBus; render: (commentId: number) => Promise<LiveComment | undefined>; log: Logger }) {
  const { bus, log } = deps
  const byArticle = new Map<number, Set<LiveClient>>()
  let started: Promise<void> | undefined
  let clients = 0

  const broadcast = (articleId: number, event: string, data: unknown) => {
    for (const c of byArticle.get(articleId) ?? []) c.send(event, data)
  }

  async function deliver(e: DiscussionEvent): Promise<void> {
    if (!byArticle.has(e.articleId)) return
    switch (e.type) {
      case 'comment':
      case 'edited': {
        const c = await deps.render(e.commentId)
        if (!c) return
        broadcast(e.articleId, e.type, { ...c, ...(e.type === 'comment' ? { count: e.count } : {}) })
        return
      }
      case 'removed':
        return broadcast(e.articleId, 'removed', { id: e.commentId, count: e.count })
      case 'likes':
        return broadcast(e.articleId, 'likes', { id: e.commentId, likes: e.likes })
    }
  }

  return {
    /** Subscribes once (idempotent); later calls wait for the same subscription. */
    start(): Promise<void> {
      started ??= bus.subscribe((e) => {
        deliver(e).catch((err) => log.warn({ err, event: e.type }, 'live discussion delivery failed'))
      })
      return started
    },

    /** Adds a reader of an article; returns the function that removes it. */
    add(articleId: number, client: LiveClient): () => void {
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

    /** Announces an event to every node; failures are logged (the change itself is saved). */
    async publish(e: DiscussionEvent): Promise<void> {
      try {
        await bus.publish(e)
      } catch (err) {
        log.warn({ err, event: e.type }, 'could not publish a discussion event')
      }
    },

    /** Ends every reader's stream (the server is shutting down; browsers reconnect elsewhere). */
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

export type LiveHub = ReturnType<typeof createLiveHub>
