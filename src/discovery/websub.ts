import type { Logger } from 'pino'
import type { EventBus } from '../events.ts'

const PING_TIMEOUT_MS = 5000

export interface WebSubOptions {
  /** The hub's URL (WEBSUB_HUB); without one nothing is pinged. */
  hub: string | undefined
  events: EventBus
  log: Pick<Logger, 'warn' | 'debug'>
  /** Every feed URL that carries the article (all formats): the topics to ping. */
  topicsFor(articleId: number, previousSectionId?: number): Promise<string[]>
  fetch?: typeof fetch
  timeoutMs?: number
}

/**
 * Tells the WebSub hub which feeds changed when an article is published, corrected, updated, moved
 * or taken down ("hub.mode=publish", one request per topic URL, which every hub accepts). The
 * pings run in the background: publishing never waits for the hub, and a hub that is down or slow
 * costs a logged warning, nothing more.
 */
export function startWebSubPings(o: WebSubOptions) {
  const inFlight = new Set<Promise<void>>()
  let closed = false
  const doFetch = o.fetch ?? fetch

  async function ping(hub: string, topic: string): Promise<void> {
    try {
      const res = await doFetch(hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString(),
        signal: AbortSignal.timeout(o.timeoutMs ?? PING_TIMEOUT_MS),
        redirect: 'error',
      })
      await res.body?.cancel().catch(() => {})
      if (!res.ok) o.log.warn({ hub, topic, status: res.status }, 'WebSub hub refused a publish ping')
    } catch (err) {
      o.log.warn({ hub, topic, err: (err as Error).message }, 'WebSub hub could not be pinged')
    }
  }

  function notify(articleId: number, previousSectionId?: number): void {
    const hub = o.hub
    if (!hub || closed) return
    const job = (async () => {
      let topics: string[]
      try {
        topics = await o.topicsFor(articleId, previousSectionId)
      } catch (err) {
        o.log.warn({ err: (err as Error).message, articleId }, 'WebSub topics could not be listed')
        return
      }
      for (const topic of topics) {
        if (closed) return
        await ping(hub, topic)
      }
      o.log.debug({ hub, articleId, topics: topics.length }, 'WebSub hub pinged')
    })()
    inFlight.add(job)
    void job.finally(() => inFlight.delete(job))
  }

  const unsubscribe = [
    o.events.on('article.published', (e) => notify(e.articleId)),
    o.events.on('article.changed', (e) => notify(e.articleId, e.previousSectionId)),
  ]

  return {
    /** Resolves when every ping started so far has finished (tests, shutdown). */
    async idle(): Promise<void> {
      while (inFlight.size) await Promise.all([...inFlight])
    },
    async close(): Promise<void> {
      for (const u of unsubscribe) u()
      closed = true
      await this.idle()
    },
  }
}
