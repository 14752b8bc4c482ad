import { createHash } from 'node:crypto'
import type { Edition } from './types.ts'
import type { Selectable } from 'kysely'
import type { EditionsTable } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'
import { slugify } from './slug.ts'
import type { Person, Tag } from './types.ts'

/** People (bylines; accounts build on them) and tags. */
export function createPeopleStore(db: Queryable) {
  return {
    /** Everyone who can be credited, by name. */
    async listPeople(limit = 2000): Promise<Person[]> {
      const rows = await db.selectFrom('people').select(['id', 'display_name', 'slug']).orderBy('display_name').limit(limit).execute()
      return rows.map((r) => ({ id: r.id, displayName: r.display_name, slug: r.slug }))
    },

    /** These people, by name. */
    async findPeopleByIds(ids: readonly number[]): Promise<Person[]> {
      if (ids.length === 0) return []
      const rows = await db
        .selectFrom('people')
        .select(['id', 'display_name', 'slug'])
        .where('id', 'in', [...ids])
        .orderBy('display_name')
        .execute()
      return rows.map((r) => ({ id: r.id, displayName: r.display_name, slug: r.slug }))
    },

    /** People credited on at least one article. */
    async findAuthorIds(): Promise<number[]> {
      return (await db.selectFrom('article_authors').select('person_id').distinct().execute()).map((r) => r.person_id)
    },

    /** The people credited on one article, in byline order. */
    async findArticleAuthorIds(articleId: number): Promise<number[]> {
      const rows = await db.selectFrom('article_authors').select('person_id').where('article_id', '=', articleId).orderBy('position').execute()
      return rows.map((r) => r.person_id)
    },

    /** The slug of one person with an author page (the feeds page's example). */
    async findAnyAuthorSlug(): Promise<string | undefined> {
      return (await db.selectFrom('people').select('slug').where('slug', 'is not', null).orderBy('id').executeTakeFirst())?.slug ?? undefined
    },
    async getPerson(id: number): Promise<Person | undefined> {
      const r = await db.selectFrom('people').select(['id', 'display_name', 'slug']).where('id', '=', id).executeTakeFirst()
      return r && { id: r.id, displayName: r.display_name, slug: r.slug }
    },

    async findPersonBySlug(slug: string): Promise<Person | undefined> {
      const r = await db.selectFrom('people').select(['id', 'display_name', 'slug']).where('slug', '=', slug).executeTakeFirst()
      return r && { id: r.id, displayName: r.display_name, slug: r.slug }
    },

    /** A byline with what its author page shows about them. */
    async findProfileBySlug(slug: string): Promise<(Person & { bio: string }) | undefined> {
      const r = await db.selectFrom('people').select(['id', 'display_name', 'slug', 'bio']).where('slug', '=', slug).executeTakeFirst()
      return r && { id: r.id, displayName: r.display_name, slug: r.slug, bio: r.bio }
    },

    /** The byline with this name, created when it does not exist yet. */
    async findOrCreatePerson(displayName: string, bio = ''): Promise<Person> {
      // a name in any script has a slug; one without letters gets a fingerprint (as tags do)
      const slug = tagSlug(displayName).replace(/^tag-/, 'person-')
      const existing = await this.findPersonBySlug(slug)
      if (existing) return existing
      const r = await db
        .insertInto('people')
        .values({ display_name: displayName, slug, bio })
        .returning(['id', 'display_name', 'slug'])
        .executeTakeFirstOrThrow()
      return { id: r.id, displayName: r.display_name, slug: r.slug }
    },
  }
}

export type PeopleStore = ReturnType<typeof createPeopleStore>

/**
 * A tag's slug: its words in any script; a tag with no letters or digits at all (only emoji or
 * punctuation) gets a short fingerprint instead, so no tag is ever dropped for want of a slug.
 */
export function tagSlug(name: string): string {
  return slugify(name, 80) || `tag-${createHash('sha256').update(name.normalize('NFC')).digest('hex').slice(0, 10)}`
}

export function createTagStore(db: Queryable) {
  return {
    /** The slug of the edition's oldest tag (the feeds page's example). */
    async findAnyTagSlug(editionId: number): Promise<string | undefined> {
      return (await db.selectFrom('tags').select('slug').where('edition_id', '=', editionId).orderBy('id').executeTakeFirst())?.slug
    },
    /** The tags a save would keep, as their names are stored (an existing tag keeps its spelling), in the order given. */
    async canonicalNames(editionId: number, names: string[]): Promise<string[]> {
      const firstBySlug = new Map<string, string>()
      for (const n of names) {
        const name = n.replace(/\s+/g, ' ').trim().slice(0, 80)
        const slug = tagSlug(name)
        if (name !== '' && !firstBySlug.has(slug)) firstBySlug.set(slug, name)
      }
      if (firstBySlug.size === 0) return []
      const rows = await db
        .selectFrom('tags')
        .select(['slug', 'name'])
        .where('edition_id', '=', editionId)
        .where('slug', 'in', [...firstBySlug.keys()])
        .execute()
      return [...firstBySlug].map(([slug, name]) => rows.find((r) => r.slug === slug)?.name ?? name)
    },

    /** Tags with these names, created where missing, in the order given. */
    async upsertTags(editionId: number, names: string[]): Promise<Tag[]> {
      const firstBySlug = new Map<string, string>()
      for (const n of names) {
        const name = n.replace(/\s+/g, ' ').trim().slice(0, 80)
        const slug = tagSlug(name)
        if (name !== '' && !firstBySlug.has(slug)) firstBySlug.set(slug, name)
      }
      const wanted = [...firstBySlug.entries()]
      if (wanted.length === 0) return []
      await db
        .insertInto('tags')
        .values(wanted.map(([slug, name]) => ({ edition_id: editionId, slug, name })))
        .onConflict((oc) => oc.columns(['edition_id', 'slug']).doNothing())
        .execute()
      const rows = await db
        .selectFrom('tags')
        .select(['id', 'slug', 'name'])
        .where('edition_id', '=', editionId)
        .where(
          'slug',
          'in',
          wanted.map(([s]) => s),
        )
        .execute()
      return wanted.map(([slug]) => rows.find((r) => r.slug === slug)!)
    },

    async findTagBySlug(editionId: number, slug: string): Promise<Tag | undefined> {
      return db.selectFrom('tags').select(['id', 'slug', 'name']).where('edition_id', '=', editionId).where('slug', '=', slug).executeTakeFirst()
    },
  }
}

export type TagStore = ReturnType<typeof createTagStore>

/** An editions row as the app uses it. */
export function toEdition(r: Selectable<EditionsTable>): Edition {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    locale: r.locale,
    language: r.language,
    region: r.region,
    timeZone: r.time_zone,
    searchConfig: r.search_config,
    direction: r.direction,
    numberingSystem: r.numbering_system,
    dateStyle: r.date_style,
    slugStyle: r.slug_style,
    isDefault: r.is_default,
    position: r.position,
    prefix: r.is_default ? '' : `/${r.code}`,
  }
}

export function createEditionStore(db: Queryable) {
  return {
    async getEditionCode(id: number): Promise<string | undefined> {
      return (await db.selectFrom('editions').select('code').where('id', '=', id).executeTakeFirst())?.code
    },
    async getEditionByCode(code: string): Promise<Edition | undefined> {
      const r = await db.selectFrom('editions').selectAll().where('code', '=', code).executeTakeFirst()
      return r && toEdition(r)
    },
    async getEdition(id: number): Promise<Edition | undefined> {
      const r = await db.selectFrom('editions').selectAll().where('id', '=', id).executeTakeFirst()
      return r && toEdition(r)
    },
    /** Every edition, the default first, then by position. */
    async listEditions(): Promise<Edition[]> {
      const rows = await db.selectFrom('editions').selectAll().orderBy('is_default', 'desc').orderBy('position').orderBy('id').execute()
      return rows.map(toEdition)
    },
    async getDefaultEdition(): Promise<Edition> {
      const r = await db.selectFrom('editions').selectAll().where('is_default', '=', true).executeTakeFirst()
      const any = r ?? (await db.selectFrom('editions').selectAll().orderBy('id').executeTakeFirstOrThrow())
      return toEdition(any)
    },
  }
}
