import { PATHS } from '../paths.ts'
import fs from 'node:fs/promises'
import type { Kysely } from 'kysely'
import { createArticleStore } from '../content/article-store.ts'
import type { Block } from '../content/blocks.ts'
import { createEditionStore, createPeopleStore, createTagStore } from '../content/people-store.ts'
import { createSectionStore } from '../content/section-store.ts'
import { createVersionStore } from '../content/version-store.ts'
import { slugify } from '../content/slug.ts'
import type { DB } from '../db/schema.ts'
import { importTextCaptureIn } from '../importers/import-text.ts'
import { createTranslationStore } from '../content/translations.ts'
import { DEMO_EDITIONS } from './demo-editions.ts'
import { DEMO_ARTICLES, DEMO_NOTE, DEMO_SECTIONS, SEED_HEADLINE, type DemoArticle } from './demo-articles.ts'
import { demoPictures, storeDemoPicture } from '../media/demo-pictures.ts'

export const SEED_CAPTURE_PATH = PATHS.seedCapture

function demoBody(lines: string[], note = DEMO_NOTE): Block[] {
  const blocks: Block[] = lines.map((line): Block => {
    if (line.startsWith('## ')) return { type: 'subheading', text: line.slice(3) }
    if (line.startsWith('> ')) {
      const [text, speaker, source] = line.slice(2).split(' | ')
      return { type: 'quote', content: [{ text: text! }], ...(speaker ? { speaker } : {}), ...(source ? { source } : {}) }
    }
    return { type: 'paragraph', content: [{ text: line }] }
  })
  if (note) blocks.push({ type: 'paragraph', content: [{ text: note, marks: [{ type: 'italic' }] }] })
  return blocks
}

/** True when the database has no articles yet (a fresh install). */
export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  return (await createArticleStore(db).countArticles()) === 0
}

/**
 * Loads the demo site: sections, the seed article (imported from its capture) and the fictional
 * demo articles, with tags, bylines and related pins. One transaction; safe to call only when empty.
 */
export async function loadDemoContent(db: Kysely<DB>, now: Date): Promise<{ articles: number }> {
  const seedCapture = await fs.readFile(SEED_CAPTURE_PATH, 'utf8')
  const drawings = await demoPictures()
  // One transaction: a load that fails partway leaves the database empty, so the next start loads it again.
  await db.transaction().execute(async (trx) => {
    const edition = (await createEditionStore(trx).getEditionByCode('en'))!
    const sections = createSectionStore(trx)
    const articles = createArticleStore(trx)
    const tags = createTagStore(trx)
    const people = createPeopleStore(trx)
    const ids = new Map<string, number>()
    for (const [position, s] of DEMO_SECTIONS.entries()) {
      const created = await sections.createSection({
        editionId: edition.id,
        slug: s.slug,
        name: s.name,
        description: s.description,
        position,
        parentId: s.parent ? ids.get(s.parent)! : null,
      })
      ids.set(s.slug, created.id)
    }

    const seed = await importTextCaptureIn(trx, seedCapture, { headline: SEED_HEADLINE, recordVersion: false })
    await articles.setTags(
      seed.article.id,
      (await tags.upsertTags(edition.id, ['North Korea', 'United Nations', 'Human rights', 'Security Council', 'China'])).map((t) => t.id),
    )

    // a few articles lead with a picture drawn by Dateline (credited as an illustration)
    const pictures = new Map<string, Block>()
    for (const p of drawings) {
      const id = await storeDemoPicture(trx, p, now)
      pictures.set(p.headline, { type: 'image', src: `/media/${id}`, mediaId: id, alt: p.alt })
    }

    const created: { demo: DemoArticle; id: number }[] = []
    for (const demo of DEMO_ARTICLES) {
      const section = (await sections.findSectionByName(edition.id, demo.section))!
      const at = new Date(now.getTime() - demo.hoursAgo * 3_600_000)
      const article = await articles.createArticle({
        editionId: edition.id,
        sectionId: section.id,
        slug: slugify(demo.headline, 100),
        headline: demo.headline,
        lead: demo.lead,
        dateline: { place: demo.dateline.place, dateText: demo.dateline.dateText, agency: 'Dateline' },
        body: [...(pictures.has(demo.headline) ? [pictures.get(demo.headline)!] : []), ...demoBody(demo.body)],
        status: 'published',
        firstPublishedAt: at,
        publishedAt: at,
      })
      await articles.setTags(
        article.id,
        (await tags.upsertTags(edition.id, [...demo.tags, 'Demo'])).map((t) => t.id),
      )
      await articles.setAuthors(article.id, [(await people.findOrCreatePerson(demo.author)).id])
      created.push({ demo, id: article.id })
    }
    // Demo articles that share a tag with each other point at each other, most shared tags first.
    for (const { demo, id } of created) {
      const others = created
        .filter((o) => o.id !== id)
        .map((o) => ({ id: o.id, shared: o.demo.tags.filter((t) => demo.tags.includes(t)).length }))
        .filter((o) => o.shared > 0)
        .sort((a, b) => b.shared - a.shared)
        .slice(0, 3)
      if (others.length)
        await articles.setRelated(
          id,
          others.map((o) => ({ targetArticleId: o.id })),
        )
    }
    // the other editions: Russian, Arabic and Chinese, with the seed story translated into each
    const translated = await loadDemoEditions(trx, now, seed.article.id)

    // what readers see of each is its first published version
    const versions = createVersionStore(trx)
    for (const id of [seed.article.id, ...created.map((c) => c.id), ...translated]) {
      const a = (await articles.getArticle(id))!
      await versions.appendVersion(id, {
        kind: 'import',
        at: a.publishedAt ?? now,
        by: null,
        note: id === seed.article.id ? 'Imported from the page capture' : 'Demo content',
      })
    }
  })
  return { articles: DEMO_ARTICLES.length + 1 + DEMO_EDITIONS.reduce((n, e) => n + e.articles.length + 1, 0) }
}

/** The demo's Russian, Arabic and Chinese editions; returns the ids of the articles made. */
async function loadDemoEditions(trx: Kysely<DB>, now: Date, seedId: number): Promise<number[]> {
  const seedRow = await trx.selectFrom('articles').select(['first_published_at', 'published_at']).where('id', '=', seedId).executeTakeFirstOrThrow()
  const made: number[] = []
  for (const [position, e] of DEMO_EDITIONS.entries()) {
    const edition = await trx
      .insertInto('editions')
      .values({
        code: e.code,
        name: e.name,
        locale: e.locale,
        language: e.language,
        direction: e.direction,
        numbering_system: e.numberingSystem,
        time_zone: e.timeZone,
        search_config: e.searchConfig,
        slug_style: e.slugStyle,
        position: position + 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const sections = createSectionStore(trx)
    const byName = new Map<string, number>()
    for (const [i, s] of e.sections.entries()) {
      const created = await sections.createSection({
        editionId: edition.id,
        slug: s.slug,
        name: s.name,
        description: s.description,
        position: i,
        parentId: null,
      })
      byName.set(s.name, created.id)
    }
    await trx.insertInto('community_standards').values({ id: edition.id, edition_id: edition.id, intro: e.standardsIntro }).execute()
    await trx
      .insertInto('standards_sections')
      .values(e.standards.map(([title, body], i) => ({ edition_id: edition.id, number: i + 1, title, body })))
      .execute()

    const articles = createArticleStore(trx)
    const tags = createTagStore(trx)
    const people = createPeopleStore(trx)
    const write = async (a: {
      section: string
      headline: string
      lead: string
      body: Block[]
      at: Date
      dateline: { place: string; dateText: string | null; agency: string }
      tags: string[]
      author?: string
    }) => {
      const article = await articles.createArticle({
        editionId: edition.id,
        sectionId: byName.get(a.section)!,
        slug: slugify(a.headline, 100),
        headline: a.headline,
        lead: a.lead,
        dateline: a.dateline,
        body: a.body,
        status: 'published',
        firstPublishedAt: a.at,
        publishedAt: a.at,
      })
      await articles.setTags(
        article.id,
        (await tags.upsertTags(edition.id, a.tags)).map((t) => t.id),
      )
      if (a.author) await articles.setAuthors(article.id, [(await people.findOrCreatePerson(a.author)).id])
      made.push(article.id)
      return article.id
    }
    // the seed's translation went out an hour after the original
    const seedAt = new Date((seedRow.first_published_at ?? now).getTime() + 3_600_000)
    const translation = await write({ ...e.seed, body: demoBody(e.seed.body, ''), at: seedAt })
    await createTranslationStore(trx).linkTranslation(seedId, translation)
    for (const a of e.articles)
      await write({
        ...a,
        body: demoBody(a.body, e.note),
        at: new Date(now.getTime() - a.hoursAgo * 3_600_000),
        dateline: { place: a.place, dateText: null, agency: 'Dateline' },
      })
  }
  return made
}
