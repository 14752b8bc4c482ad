import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { generateArchive } from '../../test/support/archive.ts'
import { closeTemplate, databaseKinds, useTestDatabase } from '../../test/support/databases.ts'
import { parseSearchQuery } from './search-query.ts'
import { COUNT_CAP, createSearchStore } from './search-store.ts'

after(closeTemplate)

// The search benchmark (npm run bench -- search) shows the same on 100,000 articles; this keeps
// the archive small enough for npm test while the planner already prefers the indexes.
const ARTICLES = 6000

for (const kind of databaseKinds()) {
  describe(`search query plans on ${kind}`, () => {
    const database = useTestDatabase(kind, { before, after })

    test('searches use the full-text GIN index or the date index, never a sequential scan of articles', async () => {
      const db = database().db
      await generateArchive(db, { count: ARTICLES, bodyWords: 30 })
      const store = createSearchStore(db)
      const filters = { editionId: 1, config: 'english' }
      const now = new Date('2026-11-29T12:00:00Z')
      const cases = [
        { q: 'zorvex4711', index: 'articles_search_idx' }, // rare: a handful of matches
        { q: 'veltan42 veltan7', index: 'articles_search_idx' },
        { q: '"zorvex12 council"', index: 'articles_search_idx' },
        { q: 'council', index: 'articles_published_idx' }, // in most articles: newest matches by date
      ]
      for (const c of cases) {
        const parsed = parseSearchQuery(c.q)
        const dense = (await store.countMatches(parsed, filters)) > COUNT_CAP
        const plan = await store.explain(parsed, filters, { limit: 10, offset: 0, now, dense })
        assert.ok(plan.includes(c.index), `${c.q} should use ${c.index}:\n${plan}`)
        assert.ok(!/Seq Scan on articles/.test(plan), `${c.q} must not scan articles sequentially:\n${plan}`)
      }
    })
  })
}
