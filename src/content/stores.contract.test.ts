import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { closeTemplate, databaseKinds, useTestDatabase } from '../../test/support/databases.ts'
import { createArticleStore } from './article-store.ts'
import { createEditionStore, createPeopleStore, createTagStore } from './people-store.ts'
import { createSectionStore } from './section-store.ts'

// One contract for every store, run on PGlite always and on PostgreSQL when DATABASE_URL is set.
for (const kind of databaseKinds()) {
  describe(`content stores on ${kind}`, () => {
    const database = useTestDatabase(kind, { before, after })
    const stores = () => {
      const db = database().db
      return {
        editions: createEditionStore(db),
        sections: createSectionStore(db),
        articles: createArticleStore(db),
        people: createPeopleStore(db),
        tags: createTagStore(db),
      }
    }
    let editionId = 0
    let worldId = 0
    let asiaId = 0

    test('the default edition exists', async () => {
      const en = await stores().editions.getEditionByCode('en')
      assert.equal(en?.locale, 'en-GB')
      editionId = en!.id
    })

    test('nested sections get paths; slugs are unique among siblings', async () => {
      const { sections } = stores()
      const world = await sections.createSection({ editionId, slug: 'world', name: 'World' })
      const asia = await sections.createSection({ editionId, slug: 'asia-pacific', name: 'Asia & Pacific', parentId: world.id })
      worldId = world.id
      asiaId = asia.id
      assert.equal(asia.path, 'world/asia-pacific')
      await assert.rejects(sections.createSection({ editionId, slug: 'world', name: 'World again' }), { code: '23505' })
      // the same slug under another parent is fine
      await sections.createSection({ editionId, slug: 'europe', name: 'Europe', parentId: world.id })
      assert.equal((await sections.findSectionByName(editionId, 'asia & pacific'))?.id, asia.id)
    })

    test('renaming a section keeps its old path (and its children’s) resolving', async () => {
      const { sections } = stores()
      await sections.updateSection(worldId, { slug: 'international' })
      assert.deepEqual(await sections.findSectionByPath(editionId, 'international/asia-pacific').then((r) => [r?.section.id, r?.moved]), [asiaId, false])
      assert.deepEqual(await sections.findSectionByPath(editionId, 'world/asia-pacific').then((r) => [r?.section.id, r?.moved]), [asiaId, true])
      await sections.updateSection(worldId, { slug: 'world' })
      assert.equal((await sections.findSectionByPath(editionId, 'world/asia-pacific'))?.moved, false)
    })

    test('articles: create, slug unique per section, body round-trips', async () => {
      const { articles } = stores()
      const body = [
        { type: 'paragraph' as const, content: [{ text: 'Hello ' }, { text: 'world', marks: [{ type: 'bold' as const }] }] },
        { type: 'quote' as const, content: [{ text: 'A quote' }], speaker: 'Someone', source: 'Wire' },
      ]
      const a = await articles.createArticle({
        editionId,
        sectionId: asiaId,
        slug: 'first',
        headline: 'First',
        body,
        dateline: { place: 'MOSCOW', dateText: 'December 24', agency: 'Sputnik' },
      })
      assert.deepEqual(a.body, body)
      assert.deepEqual(a.dateline, { place: 'MOSCOW', dateText: 'December 24', agency: 'Sputnik' })
      assert.equal(a.status, 'draft')
      await assert.rejects(articles.createArticle({ editionId, sectionId: asiaId, slug: 'first', headline: 'Dup' }), { code: '23505' })
      const other = await articles.createArticle({ editionId, sectionId: worldId, slug: 'first', headline: 'Same slug, other section' })
      assert.ok(other.id > a.id)
    })

    test('a published article cannot lack its publish times', async () => {
      const { articles } = stores()
      await assert.rejects(articles.createArticle({ editionId, sectionId: asiaId, slug: 'bad', headline: 'Bad', status: 'published' }), { code: '23514' })
    })

    test('published lists: newest first, keyset pagination, only published', async () => {
      const { articles } = stores()
      const base = Date.parse('2026-01-01T00:00:00Z')
      for (let i = 0; i < 5; i++) {
        const at = new Date(base + (i % 3) * 60_000) // ties on purpose
        await articles.createArticle({
          editionId,
          sectionId: asiaId,
          slug: `p-${i}`,
          headline: `P ${i}`,
          status: 'published',
          publishedAt: at,
          firstPublishedAt: at,
        })
      }
      const page1 = await articles.findPublished({ editionId, sectionIds: [asiaId], limit: 2 })
      const last = page1.at(-1)!
      const page2 = await articles.findPublished({ editionId, sectionIds: [asiaId], limit: 10, before: { publishedAt: last.publishedAt, id: last.id } })
      const all = [...page1, ...page2]
      assert.equal(all.length, 5)
      assert.equal(new Set(all.map((a) => a.id)).size, 5)
      for (let i = 1; i < all.length; i++) {
        const [p, c] = [all[i - 1]!, all[i]!]
        assert.ok(p.publishedAt > c.publishedAt || (p.publishedAt.getTime() === c.publishedAt.getTime() && p.id > c.id))
      }
    })

    test('changing slug or section of a published article leaves an alias', async () => {
      const { articles } = stores()
      const at = new Date('2026-02-01T10:00:00Z')
      const a = await articles.createArticle({
        editionId,
        sectionId: asiaId,
        slug: 'old-slug',
        headline: 'Moving',
        status: 'published',
        publishedAt: at,
        firstPublishedAt: at,
      })
      await articles.updateArticle(a.id, { slug: 'new-slug', sectionId: worldId })
      assert.deepEqual(await articles.findArticleBySlug(asiaId, 'old-slug').then((r) => [r?.article.id, r?.moved]), [a.id, true])
      assert.deepEqual(await articles.findArticleBySlug(worldId, 'new-slug').then((r) => [r?.article.id, r?.moved]), [a.id, false])
      assert.equal(await articles.findArticleBySlug(asiaId, 'never-was'), undefined)
    })

    test('tags, authors, related pins and corrections', async () => {
      const { articles, tags, people } = stores()
      const a = await articles.createArticle({ editionId, sectionId: asiaId, slug: 'with-extras', headline: 'Extras' })
      const b = await articles.createArticle({ editionId, sectionId: asiaId, slug: 'target', headline: 'Target' })
      const t = await tags.upsertTags(editionId, ['North Korea', 'United Nations', 'north korea'])
      assert.deepEqual(
        t.map((x) => x.slug),
        ['north-korea', 'united-nations'],
      )
      assert.deepEqual(
        (await tags.upsertTags(editionId, ['United Nations'])).map((x) => x.id),
        [t[1]!.id],
      )
      await articles.setTags(
        a.id,
        t.map((x) => x.id),
      )
      assert.deepEqual(
        (await articles.getTags(a.id)).map((x) => x.name),
        ['North Korea', 'United Nations'],
      )
      const p = await people.findOrCreatePerson('Mara Lindqvist')
      assert.equal((await people.findOrCreatePerson('Mara Lindqvist')).id, p.id)
      await articles.setAuthors(a.id, [p.id])
      assert.deepEqual(await articles.getAuthors(a.id), [{ id: p.id, displayName: 'Mara Lindqvist', slug: 'mara-lindqvist' }])
      await articles.setRelated(a.id, [{ targetArticleId: b.id }, { headline: 'Only a headline' }])
      assert.deepEqual(await articles.getRelated(a.id), [
        { position: 0, targetArticleId: b.id, headline: null },
        { position: 1, targetArticleId: null, headline: 'Only a headline' },
      ])
      await assert.rejects(articles.setRelated(a.id, [{ targetArticleId: a.id }]), { code: '23514' })
      await articles.createCorrection(a.id, 'An earlier version misspelled a name.', new Date('2026-03-01T00:00:00Z'))
      assert.equal((await articles.getCorrections(a.id))[0]?.text, 'An earlier version misspelled a name.')
    })
  })
}

after(closeTemplate)
