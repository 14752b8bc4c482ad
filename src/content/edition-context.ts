import { AsyncLocalStorage } from 'node:async_hooks'
import { createEditionStore } from './people-store.ts'
import { createSectionStore } from './section-store.ts'
import type { Edition, Section } from './types.ts'
import type { Queryable } from '../db/types.ts'

/** An edition with its sections, which are few and resolved in memory. */
export interface EditionContext {
  edition: Edition
  sections: Section[]
  byId: Map<number, Section>
}

/** Loads an edition (default: the default edition) and its sections. */
export async function loadEditionContext(db: Queryable, code?: string): Promise<EditionContext> {
  const store = createEditionStore(db)
  const edition = code === undefined ? await store.getDefaultEdition() : await store.getEditionByCode(code)
  if (!edition) throw new EditionNotFoundError(code ?? '(default)')
  const sections = (await createSectionStore(db).listSections(edition.id)).map((s) => ({ ...s, prefix: edition.prefix }))
  return { edition, sections, byId: new Map(sections.map((s) => [s.id, s])) }
}

/** No edition has that code. */
export class EditionNotFoundError extends Error {
  constructor(readonly code: string) {
    super(`the edition "${code}" does not exist`)
  }
}

/** A section's id and the ids of all sections below it. */
export function subtreeIds(sections: Section[], root: Section): number[] {
  const ids = [root.id]
  for (let i = 0; i < ids.length; i++) for (const s of sections) if (s.parentId === ids[i]) ids.push(s.id)
  return ids
}

/** The section and its ancestors, nearest first. */
export function ancestry(byId: Map<number, Section>, section: Section): Section[] {
  const chain: Section[] = []
  for (let s: Section | undefined = section; s && chain.length < 10; s = s.parentId !== null ? byId.get(s.parentId) : undefined) chain.push(s)
  return chain
}

/** The language part of a locale, lower-cased: "en-GB" → "en". */
export function languageOf(locale: string): string {
  return (locale.split(/[-_]/)[0] ?? 'en').toLowerCase()
}

/**
 * Every edition's context, kept in memory: every page needs its edition and section tree, and they
 * change rarely. Cleared when sections change (here or on another node) and after a minute at most;
 * a failed load (database down) is not remembered.
 */
export interface EditionContexts {
  /**
   * The edition with this code and its sections; without a code, the edition of the request being
   * served (its URL prefix, /ru/…), else the default edition.
   */
  get(code?: string): Promise<EditionContext>
  /** Runs `fn` as part of a request for this edition (undefined: the default edition). */
  run<T>(code: string | undefined, fn: () => T): T
  /** Makes the rest of the current request's work part of this edition (requests that did not come through the server: inject()). */
  enter(code: string | undefined): void
  /** The edition code of the request being served, if it named one. */
  current(): string | undefined
  /** Every edition, the default first (cached like the contexts). */
  list(): Promise<Edition[]>
  /** The codes of every edition but the default one: the URL prefixes (/ru/, /ar/). */
  prefixes(): ReadonlySet<string>
  /** Reads the editions again (at start, and when editions change). */
  refreshPrefixes(): Promise<void>
  /** The context of an edition by id. */
  byId(editionId: number): Promise<EditionContext>
  /** Forgets every cached context (sections or editions changed). */
  clear(): void
}

export function createEditionContexts(deps: { db: Queryable; now: () => Date; ttlMs?: number }): EditionContexts {
  const ttl = deps.ttlMs ?? 60_000
  const cached = new Map<string, { value: Promise<EditionContext>; at: number }>()
  const request = new AsyncLocalStorage<string | undefined>()
  let prefixes: ReadonlySet<string> = new Set()
  let listed: { value: Promise<Edition[]>; at: number } | undefined
  const DEFAULT_KEY = '\u0000default'
  const get = (code = request.getStore()): Promise<EditionContext> => {
    const key = code ?? DEFAULT_KEY
    const at = deps.now().getTime()
    const hit = cached.get(key)
    if (hit && at - hit.at <= ttl && at >= hit.at) return hit.value
    const value = loadEditionContext(deps.db, code)
    cached.set(key, { value, at })
    value.catch(() => {
      if (cached.get(key)?.value === value) cached.delete(key)
    })
    return value
  }
  return {
    get,
    async byId(editionId) {
      const code = await createEditionStore(deps.db).getEditionCode(editionId)
      if (!code) throw new Error(`the edition ${editionId} is missing`)
      return get(code)
    },
    clear() {
      cached.clear()
      listed = undefined
    },
    list() {
      const at = deps.now().getTime()
      if (listed && at - listed.at <= ttl && at >= listed.at) return listed.value
      const value = createEditionStore(deps.db).listEditions()
      listed = { value, at }
      value.catch(() => {
        if (listed?.value === value) listed = undefined
      })
      return value
    },
    run(code, fn) {
      return request.run(code, fn)
    },
    enter(code) {
      request.enterWith(code)
    },
    current() {
      return request.getStore()
    },
    prefixes() {
      return prefixes
    },
    async refreshPrefixes() {
      const all = await createEditionStore(deps.db).listEditions()
      prefixes = new Set(all.filter((e) => !e.isDefault).map((e) => e.code))
    },
  }
}
