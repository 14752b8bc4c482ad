/**
 * Domain events inside one process. Modules announce what changed (an article was published,
 * corrected, moved) and other modules react (caches, feeds' WebSub ping, short codes, live
 * updates) without knowing each other. Cross-node delivery is layered on top where needed.
 */
export interface DomainEvents {
  /** An article became visible to readers (first publication or republication). */
  'article.published': { articleId: number; sectionId: number; firstTime: boolean }
  /** A visible article changed: edited, corrected, moved, or taken down. */
  'article.changed': { articleId: number; sectionId: number; previousSectionId?: number; reason: 'updated' | 'corrected' | 'unpublished' | 'moved' }
  /** Sections were added, renamed or moved. */
  'sections.changed': { editionId: number }
  /** An article's count of visible comments changed (the page counters show it too). */
  'comments.counted': { articleId: number; count: number }
  /** A reader's comment became visible (posted without moderation, or approved by a moderator). */
  'comment.approved': { articleId: number; commentId: number }
  /** A live-radio station was added, changed or removed (pages show its Listen Live button). */
  'stations.changed': { editionId: number; stationId: number }
}

export type EventName = keyof DomainEvents
type Handler<K extends EventName> = (payload: DomainEvents[K]) => void | Promise<void>

export interface EventBus {
  on<K extends EventName>(name: K, handler: Handler<K>): () => void
  /** Runs every handler; a failing handler is logged and does not stop the others. */
  emit<K extends EventName>(name: K, payload: DomainEvents[K]): Promise<void>
}

export function createEventBus(onError: (error: unknown, name: EventName) => void = () => {}): EventBus {
  const handlers = new Map<EventName, Set<Handler<EventName>>>()
  return {
    on(name, handler) {
      let set = handlers.get(name)
      if (!set) handlers.set(name, (set = new Set()))
      set.add(handler as Handler<EventName>)
      return () => set.delete(handler as Handler<EventName>)
    },
    async emit(name, payload) {
      const set = handlers.get(name)
      if (!set) return
      await Promise.all(
        [...set].map(async (h) => {
          try {
            await h(payload)
          } catch (e) {
            onError(e, name)
          }
        }),
      )
    },
  }
}
