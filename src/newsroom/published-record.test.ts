import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { PGlite } from '@electric-sql/pglite'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { openDatabase } from '../db/database.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import { runCommand } from '../cli/commands.ts'
import { createVersionStore } from '../content/version-store.ts'
import { migrate, readMigrations } from '../db/migrate.ts'
import { createEventBus } from '../events.ts'
import { publishDue } from './workflow.ts'

const para = (text: string) => ({ type: 'paragraph', content: [{ text }] })

for (const kind of databaseKinds()) {
  describe(`the published record on ${kind}`, () => {
    let t: TestApp
    let reporter: TestSession
    let editor: TestSession
    let other: TestSession
    let now = new Date('2026-11-30T08:06:00Z')
    let world: number
    before(async () => {
      t = await createTestApp({ kind, clock: { now: () => now } })
      reporter = await staffSession(t, 'reporter', 'Rita Reporter')
      editor = await staffSession(t, 'editor', 'Eddie Editor')
      other = await staffSession(t, 'editor', 'Olga Other')
      world = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'world').executeTakeFirstOrThrow()).id
    })
    after(async () => {
      await t.close()
    })
    const api = (s: TestSession, method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'POST', url, headers: s.headers, ...(payload ? { payload } : {}) })
    const get = (url: string) => t.app.inject({ method: 'GET', url })
    const tick = (ms: number) => (now = new Date(now.getTime() + ms))

    async function published(headline: string, body = [para('The council met on Monday.'), para('It voted on the budget.')]) {
      const a = (await api(reporter, 'POST', '/api/admin/articles', { headline, sectionId: world, lead: 'A lead.', body })).json()
      await api(reporter, 'PUT', `/api/admin/articles/${a.id}?autosave=true`, { headline, sectionId: world, body, version: a.version })
      const p = await api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'publish' })
      assert.equal(p.statusCode, 200, p.body)
      const full = (await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json()
      return { id: a.id as number, url: full.url as string, version: full.version as number }
    }

    test('edits and autosaves of a published article stay in its working copy until Update live; then page and feeds change and the record shows both versions', async () => {
      const a = await published('Council passes the budget')
      const base = (await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json()
      assert.equal(base.editing.copy, 'live')
      tick(4000)
      const body = [para('The council met on Monday. The mayor was unavail'), para('It voted on the budget.')]
      const save = await api(editor, 'PUT', `/api/admin/articles/${a.id}?autosave=true`, {
        headline: 'Council passes the budget',
        sectionId: world,
        body,
        version: base.version,
      })
      assert.equal(save.statusCode, 200, save.body)
      assert.equal(save.json().editing.copy, 'working')
      assert.equal(save.json().editing.differsFromLive, true)
      // readers: the page, RSS, Atom and JSON Feed keep the live text
      for (const url of [a.url, '/feeds/rss.xml', '/feeds/atom.xml', '/feeds/feed.json']) {
        const res = await get(url)
        assert.equal(res.statusCode, 200, url)
        assert.doesNotMatch(res.body, /unavail/, `${url} shows only the live version`)
      }
      assert.match((await get(a.url)).body, /The council met on Monday\./)
      // the editor comes back to the working copy, plainly marked
      const page = await t.app.inject({ method: 'GET', url: `/newsroom/articles/${a.id}`, headers: { cookie: editor.cookie } })
      assert.match(page.body, /Working copy\./)
      assert.match(page.body, /The working copy differs from the live version/)
      assert.match(page.body, /unavail/)

      // Update live with a note: readers see it, at once
      tick(60_000)
      const finished = [para('The council met on Monday. The mayor was unavailable for comment.'), para('It voted on the budget.')]
      const saved = (
        await api(editor, 'PUT', `/api/admin/articles/${a.id}`, {
          headline: 'Council passes the budget',
          sectionId: world,
          body: finished,
          version: save.json().version,
        })
      ).json()
      const up = await api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, {
        action: 'update',
        note: 'Adds that the mayor was unavailable',
        version: saved.version,
      })
      assert.equal(up.statusCode, 200, up.body)
      const pageNow = (await get(a.url)).body
      assert.match(pageNow, /The mayor was unavailable for comment\./)
      assert.match(pageNow, /class="versions-link" href="[^"]+\/versions"/, 'an updated article links to its versions')
      assert.match((await get('/feeds/rss.xml')).body, /unavailable for comment/)
      const after = (await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json()
      assert.equal(after.editing.copy, 'live')
      assert.equal(after.updatedAt, now.toISOString(), 'updated time follows the published version')

      // the public record: both versions, each viewable, and the diff
      const versions = await get(`${a.url}/versions`)
      assert.equal(versions.statusCode, 200)
      assert.match(versions.body, /Version 1/)
      assert.match(versions.body, /Version 2/)
      assert.match(versions.body, /Adds that the mayor was unavailable/)
      assert.match((await get(`${a.url}/versions/1`)).body, /This is a past version/)
      assert.doesNotMatch((await get(`${a.url}/versions/1`)).body, /unavailable for comment/)
      const diff = await get(`${a.url}/versions/compare?from=1&to=2`)
      assert.equal(diff.statusCode, 200)
      assert.match(diff.body, /<ins><span class="visually-hidden">added: <\/span>[^<]*unavailable[^<]*<\/ins>/)
      assert.equal((await get(`${a.url}/versions/3`)).statusCode, 404)
      assert.equal((await get(`${a.url}/versions/compare?from=1&to=Infinity`)).statusCode, 400)

      // revisions: the autosave before publication and the live edit after it are separate
      const revisions = (await api(editor, 'GET', `/api/admin/articles/${a.id}/revisions`)).json().revisions as { kind: string }[]
      const kinds = revisions.map((r) => r.kind).reverse()
      assert.deepEqual(kinds.slice(0, 4), ['save', 'autosave', 'publish', 'autosave'], kinds.join(','))
      assert.ok(kinds.includes('update'))
    })

    test('a reporter proposes changes to their published story; an editor discards or puts them live; Update live twice at once gives one version and a clear conflict', async () => {
      const a = await published('Flooding closes the coast road')
      const v = (await api(reporter, 'GET', `/api/admin/articles/${a.id}`)).json()
      const proposed = await api(reporter, 'PUT', `/api/admin/articles/${a.id}`, {
        headline: 'Flooding closes the coast road again',
        sectionId: world,
        version: v.version,
      })
      assert.equal(proposed.statusCode, 200)
      assert.equal((await api(reporter, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'submit' })).statusCode, 200)
      assert.equal((await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json().editing.workingCopy.state, 'review')
      // discard: one action, the live version is back in the editor
      const discarded = await api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'discard' })
      assert.equal(discarded.statusCode, 200)
      assert.equal((await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json().editing.copy, 'live')
      assert.doesNotMatch((await get(a.url)).body, /again/)

      const w = (await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json()
      await api(editor, 'PUT', `/api/admin/articles/${a.id}`, { headline: 'Flooding closes the coast road for a week', sectionId: world, version: w.version })
      const [one, two] = await Promise.all([
        api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'update', note: 'A week' }),
        api(other, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'update', note: 'A week, too' }),
      ])
      const codes = [one.statusCode, two.statusCode].sort()
      assert.deepEqual(codes, [200, 409], `${one.body} ${two.body}`)
      assert.match([one, two].find((r) => r.statusCode === 409)!.json().error.message, /no changes to put live/)
      const list = (await api(editor, 'GET', `/api/admin/articles/${a.id}/versions`)).json().versions as { number: number; kind: string }[]
      assert.deepEqual(
        list.map((x) => [x.number, x.kind]),
        [
          [1, 'publish'],
          [2, 'update'],
        ],
      )
    })

    test('the newsroom tells people what happened: editors hear of submissions and proposed changes, the writer hears it was published; the review queue counts them', async () => {
      const before = (await api(editor, 'GET', '/api/admin/notifications')).json()
      const d = (await api(reporter, 'POST', '/api/admin/articles', { headline: 'Ferry timetable changes in spring', sectionId: world })).json()
      await api(reporter, 'POST', `/api/admin/articles/${d.id}/workflow`, { action: 'submit' })
      const told = (await api(editor, 'GET', '/api/admin/notifications')).json()
      assert.equal(told.unread, before.unread + 1)
      assert.deepEqual(
        [told.notifications[0].kind, told.notifications[0].headline, told.notifications[0].actor],
        ['submitted', 'Ferry timetable changes in spring', 'Rita Reporter'],
      )
      assert.ok(told.review.review >= 1)
      const queue = await t.app.inject({ method: 'GET', url: '/newsroom/review', headers: { cookie: editor.cookie } })
      assert.match(queue.body, /Ferry timetable changes in spring/)
      await api(editor, 'POST', `/api/admin/articles/${d.id}/workflow`, { action: 'publish' })
      const mine = (await api(reporter, 'GET', '/api/admin/notifications')).json()
      assert.equal(mine.notifications[0].kind, 'published')
      assert.equal(mine.notifications[0].actor, 'Eddie Editor')
      // nobody is told of their own action; reading the page clears the count
      assert.ok(!(await api(editor, 'GET', '/api/admin/notifications')).json().notifications.some((n: { kind: string }) => n.kind === 'published'))
      const page = await t.app.inject({ method: 'GET', url: '/newsroom/notifications', headers: { cookie: reporter.cookie } })
      assert.match(page.body, /Eddie Editor published your story: <a href="\/newsroom\/articles\/\d+">Ferry timetable changes in spring<\/a>/)
      assert.equal((await api(reporter, 'GET', '/api/admin/notifications')).json().unread, 0)
    })

    test('a correction is a published version; it links to the version it corrected; a scheduled update goes live by itself', async () => {
      const a = await published('Bridge reopens after repairs')
      const c = await api(editor, 'POST', `/api/admin/articles/${a.id}/corrections`, { text: 'The bridge reopened on Tuesday, not Monday.' })
      assert.equal(c.statusCode, 201)
      assert.equal(c.json().correctsVersion, 1)
      const page = (await get(a.url)).body
      assert.match(page, new RegExp(`href="${a.url}/versions/1">See the version it corrected`))
      const versions = (await api(editor, 'GET', `/api/admin/articles/${a.id}/versions`)).json().versions as { kind: string; note: string }[]
      assert.equal(versions.at(-1)!.kind, 'correction')
      assert.match(versions.at(-1)!.note, /Tuesday, not Monday/)

      const w = (await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json()
      await api(editor, 'PUT', `/api/admin/articles/${a.id}`, { headline: 'Bridge reopens after six weeks of repairs', sectionId: world, version: w.version })
      const s = await api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, {
        action: 'schedule',
        scheduledFor: new Date(now.getTime() + 3_600_000).toISOString(),
        note: 'Six weeks',
      })
      assert.equal(s.statusCode, 200, s.body)
      assert.doesNotMatch((await get(a.url)).body, /six weeks/)
      const deps = { db: t.database.db, events: t.deps.events, now: () => now }
      assert.deepEqual(await publishDue(deps), [])
      tick(3_600_001)
      assert.deepEqual(await publishDue(deps), [a.id])
      assert.match((await get(a.url)).body, /six weeks of repairs/)
      const last = (await api(editor, 'GET', `/api/admin/articles/${a.id}/versions`)).json().versions.at(-1)
      assert.deepEqual([last.kind, last.note], ['update', 'Six weeks'])
    })

    test('a stored past version changed in SQL makes verify-history fail, naming the article and version', async () => {
      const a = await published('Harbour strike ends')
      await api(editor, 'POST', `/api/admin/articles/${a.id}/corrections`, { text: 'The strike lasted nine days.' })
      const io = {
        lines: [] as string[],
        out(l: string) {
          this.lines.push(l)
        },
        err(l: string) {
          this.lines.push(l)
        },
      }
      const ctx = { db: t.database.db, events: createEventBus(), io, now: () => now }
      assert.equal(await runCommand(ctx, 'verify-history', {}), 0, io.lines.join('\n'))
      assert.match(io.lines.join('\n'), /every chain is intact/)
      // someone with database access rewrites what version 1 said
      await t.database.db.transaction().execute(async (trx) => {
        await sql`alter table article_versions disable trigger article_versions_immutable`.execute(trx)
        await sql`update article_versions set record = jsonb_set(record, '{content,headline}', '"Harbour strike goes on"') where article_id = ${a.id} and number = 1`.execute(
          trx,
        )
        await sql`alter table article_versions enable trigger article_versions_immutable`.execute(trx)
      })
      io.lines = []
      assert.equal(await runCommand(ctx, 'verify-history', {}), 1)
      assert.match(io.lines.join('\n'), new RegExp(`article ${a.id} \\("Harbour strike ends"\\), version 1: its content does not match its hash`))
      // and the database refuses a plain UPDATE of a version
      await assert.rejects(sql`update article_versions set note = 'x' where article_id = ${a.id}`.execute(t.database.db), /immutable/)
    })
  })
}

describe('the migration to published versions', () => {
  after(() => closeTemplate())
  test("keeps every existing published article's current state as its first version", async () => {
    // a database as it was before versions were kept: the first ten migrations and some articles
    const lite = await PGlite.create()
    const database = await openDatabase({ pglite: lite })
    try {
      const all = await readMigrations()
      await migrate(
        database.db,
        all.filter((m) => m.version <= 10),
      )
      const edition = await database.db.selectFrom('editions').select('id').executeTakeFirstOrThrow()
      const section = await database.db
        .insertInto('sections')
        .values({ edition_id: edition.id, slug: 'world', name: 'World' })
        .returning('id')
        .executeTakeFirstOrThrow()
      const at = new Date('2025-01-02T03:04:05Z')
      for (const [slug, status] of [
        ['live-one', 'published'],
        ['a-draft', 'draft'],
      ] as const) {
        await database.db
          .insertInto('articles')
          .values({
            edition_id: edition.id,
            section_id: section.id,
            slug,
            headline: `Headline ${slug}`,
            status,
            body: '[]',
            published_at: at,
            first_published_at: at,
          })
          .execute()
      }
      await migrate(database.db, all)
      const versions = await database.db.selectFrom('article_versions').select(['article_id', 'number', 'kind', 'published_at', 'record']).execute()
      assert.equal(versions.length, 1, 'only the published article')
      assert.equal(versions[0]!.kind, 'migration')
      assert.equal(versions[0]!.published_at.toISOString(), at.toISOString())
      assert.equal((versions[0]!.record as { content: { headline: string } }).content.headline, 'Headline live-one')
      const check = await createVersionStore(database.db).verify()
      assert.deepEqual(check.problems, [])
    } finally {
      await database.close()
      await lite.close()
    }
  })
})
