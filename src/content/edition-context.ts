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

/** Loads the edition (default "en") and its sections. */
export async function loadEditionContext(db: Queryable, code = 'en'): Promise<EditionContext> {
  const edition = await createEditionStore(db).getEditionByCode(code)
  if (!edition) throw new Error(`the edition "${code}" is missing`)
  const sections = await createSectionStore(db).listSections(edition.id)
  return { edition, sections, byId: new Map(sections.map((s) => [s.id, s])) }
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

/** The default edition's code (the first edition keeps the root of the site). */
export const DEFAULT_EDITION = 'en'

/**
 * Every edition's context, kept in memory: every page needs its edition and section tree, and they
 * change rarely. Cleared when sections change (here or on another node) and after a minute at most;
 * a failed load (database down) is not remembered.
 */
export interface EditionContexts {
  /** The edition with this code (default: the first edition) and its sections. */
  get(code?: string): Promise<EditionContext>
  /** The context of an edition by id. */
  byId(editionId: number): Promise<EditionContext>
  /** Forgets every cached context (sections or editions changed). */
  clear(): void
}

export function createEditionContexts(deps: { db: Queryable; now: () => Date; ttlMs?: number }): EditionContexts {
  const ttl = deps.ttlMs ?? 60_000
  const cached = new Map<string, { value: Promise<EditionContext>; at: number }>()
  const get = (code = DEFAULT_EDITION): Promise<EditionContext> => {
    const at = deps.now().getTime()
    const hit = cached.get(code)
    if (hit && at - hit.at <= ttl && at >= hit.at) return hit.value
    const value = loadEditionContext(deps.db, code)
    cached.set(code, { value, at })
    value.catch(() => {
      if (cached.get(code)?.value === value) cached.delete(code)
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
    },
  }
}
