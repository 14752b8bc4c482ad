import type { Kysely } from 'kysely'
import { recordAudit } from '../accounts/audit.ts'
import { createSectionStore, editionSlugOptions } from '../content/section-store.ts'
import { isSlug, RESERVED_SEGMENTS, slugify } from '../content/slug.ts'
import type { Section } from '../content/types.ts'
import type { DB } from '../db/schema.ts'
import { isUniqueViolation } from '../db/types.ts'
import { AppError, type FieldProblem } from '../errors.ts'
import type { EventBus } from '../events.ts'

export interface SectionInput {
  name: string
  slug?: string | undefined
  parentId?: number | null | undefined
  description?: string | undefined
  position?: number | undefined
}

/** Creating, renaming and moving sections (admins); old URLs keep redirecting. */
export function createSectionAdmin(deps: { db: Kysely<DB>; events: EventBus; now: () => Date }) {
  const { db } = deps

  async function check(editionId: number, input: SectionInput, id?: number): Promise<{ problems: FieldProblem[]; slug: string; name: string }> {
    const problems: FieldProblem[] = []
    const name = input.name.replace(/\s+/g, ' ').trim()
    if (name.length < 1 || name.length > 120) problems.push({ field: 'name', message: 'The section name must be 1 to 120 characters.' })
    const slug = input.slug?.trim() || slugify(name, 80, await editionSlugOptions(db, editionId))
    if (!isSlug(slug, 80)) problems.push({ field: 'slug', message: 'The slug may use only lowercase letters, digits and single hyphens.' })
    const sections = await createSectionStore(db).listSections(editionId)
    const parentId = input.parentId ?? null
    if (parentId !== null) {
      if (!sections.some((s) => s.id === parentId)) problems.push({ field: 'parentId', message: 'The parent section does not exist.' })
      // no cycles: the new parent may not be the section itself or one of its descendants
      for (let p: Section | undefined = sections.find((s) => s.id === parentId); p; p = sections.find((s) => s.id === p!.parentId)) {
        if (p.id === id) {
          problems.push({ field: 'parentId', message: 'A section cannot be placed inside itself.' })
          break
        }
      }
    } else if (RESERVED_SEGMENTS.has(slug)) {
      problems.push({ field: 'slug', message: `"${slug}" is used by the site itself; choose another slug.` })
    }
    if ((input.description ?? '').length > 500) problems.push({ field: 'description', message: 'The description may be at most 500 characters.' })
    return { problems, slug, name }
  }

  async function nextPosition(editionId: number, parentId: number | null): Promise<number> {
    const siblings = (await createSectionStore(db).listSections(editionId)).filter((s) => s.parentId === parentId)
    return Math.min(
      10000,
      siblings.reduce((max, s) => Math.max(max, s.position + 1), 0),
    )
  }

  return {
    async createSection(editionId: number, input: SectionInput, actorId: number): Promise<Section> {
      const { problems, slug, name } = await check(editionId, input)
      if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'The section was not saved.', fields: problems })
      try {
        const s = await createSectionStore(db).createSection({
          editionId,
          slug,
          name,
          parentId: input.parentId ?? null,
          description: input.description ?? '',
          // without a position a new section goes after its siblings
          position: input.position ?? (await nextPosition(editionId, input.parentId ?? null)),
        })
        await recordAudit(db, { actorId, action: 'section.create', subjectType: 'section', subjectId: s.id, at: deps.now() })
        await deps.events.emit('sections.changed', { editionId })
        return s
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('CONFLICT', {
            message: 'A section with that slug already exists there.',
            fields: [{ field: 'slug', message: 'A section with that slug already exists there.' }],
          })
        throw e
      }
    },

    async updateSection(id: number, input: SectionInput, actorId: number): Promise<Section> {
      const store = createSectionStore(db)
      const before = await store.getSection(id)
      if (!before) throw new AppError('SECTION_NOT_FOUND')
      const { problems, slug, name } = await check(before.editionId, input, id)
      if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'The section was not saved.', fields: problems })
      try {
        const s = await db.transaction().execute((trx) =>
          createSectionStore(trx, deps.now).updateSection(id, {
            name,
            slug,
            parentId: input.parentId ?? null,
            description: input.description ?? before.description,
            position: input.position ?? before.position,
          }),
        )
        await recordAudit(db, {
          actorId,
          action: 'section.update',
          subjectType: 'section',
          subjectId: id,
          detail: { from: before.path, to: s.path },
          at: deps.now(),
        })
        await deps.events.emit('sections.changed', { editionId: before.editionId })
        return s
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('CONFLICT', {
            message: 'A section with that slug already exists there.',
            fields: [{ field: 'slug', message: 'A section with that slug already exists there.' }],
          })
        throw e
      }
    },
  }
}
