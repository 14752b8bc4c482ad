import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Kysely } from 'kysely'
import { closeTemplate, databaseKinds, useTestDatabase } from '../../test/support/databases.ts'
import { failingAfterInsert, InjectedFailure } from '../../test/support/failing-db.ts'
import type { DB } from '../db/schema.ts'
import { SEED_HEADLINE } from './demo-articles.ts'
import { isEmpty, loadDemoContent } from './load-demo.ts'

const NOW = new Date('2024-03-01T12:00:00Z')
const TABLES = ['sections', 'articles', 'tags', 'people', 'article_tags', 'article_authors', 'article_related'] as const

async function rowCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of TABLES) {
    const { n } = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(n)
  }
  return counts
}

for (const kind of databaseKinds()) {
  describe(`demo content on ${kind}`, () => {
    const database = useTestDatabase(kind, { before, after })

    test('a load that fails partway leaves the database empty, so the next start loads it all', async () => {
      const { db } = database()
      assert.equal(await isEmpty(db), true)
      const empty = await rowCounts(db)
      assert.ok(
        Object.values(empty).every((n) => n === 0),
        JSON.stringify(empty),
      )
      // bylines are written after the sections, the seed article and the first demo article
      await assert.rejects(loadDemoContent(failingAfterInsert(db, 'article_authors'), NOW), InjectedFailure)
      assert.deepEqual(await rowCounts(db), empty)
      assert.equal(await isEmpty(db), true, 'the next start still sees an empty database and loads the demo')
    })

    test('the demo is the seed article plus at least a dozen published articles across several sections', async () => {
      const { db } = database()
      const { articles } = await loadDemoContent(db, NOW)
      const published = await db.selectFrom('articles').select(['headline', 'section_id']).where('status', '=', 'published').execute()
      assert.equal(published.length, articles)
      assert.ok(published.length >= 13, `${published.length} published articles`)
      assert.ok(
        published.some((a) => a.headline === SEED_HEADLINE),
        'the seed article is among them',
      )
      const sections = new Set(published.map((a) => a.section_id))
      assert.ok(sections.size >= 5, `articles in ${sections.size} sections`)
      assert.equal(await isEmpty(db), false)
    })
  })
}

after(closeTemplate)
