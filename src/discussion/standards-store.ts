import type { Queryable } from '../db/types.ts'

/** One numbered section of the community standards. */
export interface StandardsSection {
  number: number
  title: string
  body: string
  retired: boolean
}

export interface CommunityStandards {
  intro: string
  sections: StandardsSection[]
  updatedAt: Date | null
}

/** An edition's community standards: an introduction and numbered sections (numbers are per edition). */
export function createStandardsStore(db: Queryable, editionId: number) {
  return {
    async getStandards(): Promise<CommunityStandards> {
      const [intro, sections] = await Promise.all([
        db.selectFrom('community_standards').select(['intro', 'updated_at']).where('edition_id', '=', editionId).executeTakeFirst(),
        db
          .selectFrom('standards_sections')
          .select(['number', 'title', 'body', 'retired', 'updated_at'])
          .where('edition_id', '=', editionId)
          .orderBy('number')
          .execute(),
      ])
      const times = [intro?.updated_at, ...sections.map((s) => s.updated_at)].filter((t): t is Date => t instanceof Date)
      return {
        intro: intro?.intro ?? '',
        sections: sections.map((s) => ({ number: s.number, title: s.title, body: s.body, retired: s.retired })),
        updatedAt: times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null,
      }
    },

    /** Sections in force (not retired), in order. */
    async findActiveSections(): Promise<StandardsSection[]> {
      const rows = await db
        .selectFrom('standards_sections')
        .select(['number', 'title', 'body', 'retired'])
        .where('edition_id', '=', editionId)
        .where('retired', '=', false)
        .orderBy('number')
        .execute()
      return rows
    },

    async updateIntro(intro: string, actorId: number, now: Date): Promise<void> {
      await db
        .insertInto('community_standards')
        .values({ id: editionId, edition_id: editionId, intro, updated_at: now, updated_by: actorId })
        .onConflict((oc) => oc.column('edition_id').doUpdateSet({ intro, updated_at: now, updated_by: actorId }))
        .execute()
    },

    /** Creates or changes a section; numbers are never reused for something else. */
    async saveSection(s: StandardsSection, actorId: number, now: Date): Promise<void> {
      const values = { title: s.title, body: s.body, retired: s.retired, updated_at: now, updated_by: actorId }
      await db
        .insertInto('standards_sections')
        .values({ edition_id: editionId, number: s.number, ...values })
        .onConflict((oc) => oc.columns(['edition_id', 'number']).doUpdateSet(values))
        .execute()
    },

    async nextNumber(): Promise<number> {
      const r = await db
        .selectFrom('standards_sections')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('edition_id', '=', editionId)
        .executeTakeFirst()
      return Number(r?.n ?? 0) + 1
    },
  }
}

export type StandardsStore = ReturnType<typeof createStandardsStore>
