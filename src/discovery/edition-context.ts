import { createEditionStore } from '../content/people-store.ts'
import { createSectionStore } from '../content/section-store.ts'
import type { Edition, Section } from '../content/types.ts'
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
