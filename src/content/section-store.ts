import type { Queryable } from '../db/types.ts'
import type { SectionRow } from '../db/schema.ts'
import type { Section } from './types.ts'
import { loadTransliteration, type SlugOptions } from './slug.ts'

/** Builds sections with their URL paths from rows (parents before children not required). */
export function withPaths(rows: SectionRow[], prefix = ''): Section[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  const pathOf = (row: SectionRow, depth = 0): string => {
    const parent = row.parent_id !== null ? byId.get(row.parent_id) : undefined
    return parent && depth < 10 ? `${pathOf(parent, depth + 1)}/${row.slug}` : row.slug
  }
  const sections = rows
    .map((r) => ({
      id: r.id,
      editionId: r.edition_id,
      parentId: r.parent_id,
      slug: r.slug,
      name: r.name,
      description: r.description,
      position: r.position,
      path: pathOf(r),
      prefix,
    }))
    .sort((a, b) => a.position - b.position || a.id - b.id)
  // tree order: each section followed by its children (a new top-level section never lands
  // between a parent and its children, whatever its position)
  const ordered: Section[] = []
  const seen = new Set<number>()
  const visit = (s: Section) => {
    if (seen.has(s.id)) return
    seen.add(s.id)
    ordered.push(s)
    for (const child of sections) if (child.parentId === s.id) visit(child)
  }
  for (const s of sections) if (s.parentId === null || !byId.has(s.parentId)) visit(s)
  for (const s of sections) visit(s) // anything in a cycle, last
  return ordered
}

export interface NewSection {
  editionId: number
  parentId?: number | null
  slug: string
  name: string
  description?: string
  position?: number
}

/** Sections of an edition: few, so listed whole and resolved in memory. */
export function createSectionStore(db: Queryable, now: () => Date = () => new Date()) {
  // timestamps come from the clock the store is given (services pass theirs; tests a fixed one)
  return {
    /** An edition's sections in tree order, with their paths and their edition's URL prefix. */
    async listSections(editionId: number): Promise<Section[]> {
      const [rows, edition] = await Promise.all([
        db.selectFrom('sections').selectAll().where('edition_id', '=', editionId).execute(),
        db.selectFrom('editions').select(['code', 'is_default']).where('id', '=', editionId).executeTakeFirst(),
      ])
      return withPaths(rows, edition && !edition.is_default ? `/${edition.code}` : '')
    },

    async getSection(id: number): Promise<Section | undefined> {
      const row = await db.selectFrom('sections').select('edition_id').where('id', '=', id).executeTakeFirst()
      if (!row) return undefined
      return (await this.listSections(row.edition_id)).find((s) => s.id === id)
    },

    /** The section now at `path`, or the one that used to be there (for redirects). */
    async findSectionByPath(editionId: number, path: string): Promise<{ section: Section; moved: boolean } | undefined> {
      const sections = await this.listSections(editionId)
      const current = sections.find((s) => s.path === path)
      if (current) return { section: current, moved: false }
      const alias = await db.selectFrom('section_aliases').select('section_id').where('edition_id', '=', editionId).where('path', '=', path).executeTakeFirst()
      const moved = alias && sections.find((s) => s.id === alias.section_id)
      return moved ? { section: moved, moved: true } : undefined
    },

    async findSectionByName(editionId: number, name: string): Promise<Section | undefined> {
      const sections = await this.listSections(editionId)
      const wanted = name.trim().toLowerCase()
      return sections.find((s) => s.name.toLowerCase() === wanted) ?? sections.find((s) => s.slug === wanted)
    },

    async createSection(input: NewSection): Promise<Section> {
      const row = await db
        .insertInto('sections')
        .values({
          edition_id: input.editionId,
          parent_id: input.parentId ?? null,
          slug: input.slug,
          name: input.name,
          description: input.description ?? '',
          position: input.position ?? 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return (await this.getSection(row.id))!
    },

    /** Renames or moves a section, keeping every old path of it and its children redirecting. */
    async updateSection(id: number, patch: Partial<Pick<NewSection, 'slug' | 'name' | 'description' | 'position' | 'parentId'>>): Promise<Section> {
      const before = await this.getSection(id)
      if (!before) throw new Error(`section ${id} not found`)
      const oldSections = await this.listSections(before.editionId)
      await db
        .updateTable('sections')
        .set({
          ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.position !== undefined ? { position: patch.position } : {}),
          ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
          updated_at: now(),
        })
        .where('id', '=', id)
        .execute()
      const newSections = await this.listSections(before.editionId)
      const moved = oldSections.filter((old) => newSections.find((n) => n.id === old.id)?.path !== old.path)
      for (const old of moved) {
        await db
          .insertInto('section_aliases')
          .values({ edition_id: before.editionId, path: old.path, section_id: old.id })
          .onConflict((oc) => oc.columns(['edition_id', 'path']).doUpdateSet({ section_id: old.id }))
          .execute()
      }
      return newSections.find((s) => s.id === id)!
    },
  }
}

export type SectionStore = ReturnType<typeof createSectionStore>

/** The slug options of an edition: ASCII (transliterated) when it asks for them. */
export async function editionSlugOptions(db: Queryable, editionId: number): Promise<SlugOptions> {
  const row = await db.selectFrom('editions').select('slug_style').where('id', '=', editionId).executeTakeFirst()
  if (row?.slug_style !== 'ascii') return {}
  await loadTransliteration()
  return { ascii: true }
}
