import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import { createAccountStore } from '../accounts/account-store.ts'
import { createPeopleStore } from '../content/people-store.ts'
import { findWriters } from './writers.ts'

describe('who may be credited on an article', () => {
  let t: TestApp
  let reporter: TestSession, editor: TestSession, admin: TestSession, moderator: TestSession, gone: TestSession
  let agencyWriter: number, nobody: number
  before(async () => {
    t = await createTestApp()
    reporter = await staffSession(t, 'reporter', 'Rita Writes')
    editor = await staffSession(t, 'editor', 'Eddie Edits')
    admin = await staffSession(t, 'admin', 'Ada Admin')
    moderator = await staffSession(t, 'moderator', 'Mo Moderates')
    gone = await staffSession(t, 'reporter', 'Gone Reporter')
    await createAccountStore(t.database.db).updateAccount(gone.principal.id, { disabledAt: new Date() })
    const people = createPeopleStore(t.database.db)
    nobody = (await people.findOrCreatePerson('Never Wrote Anything')).id
    // the demo content's bylines are byline-only people with articles
    agencyWriter = (await people.findAuthorIds())[0]!
  })
  after(async () => {
    await t.close()
    await closeTemplate()
  })
  const api = (who: TestSession, method: 'POST' | 'PUT' | 'GET', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload }) })
  const sectionId = async () => (await t.database.db.selectFrom('sections').select('id').orderBy('id').executeTakeFirstOrThrow()).id

  test('writers: reporters, editors and admins, and byline-only people with articles; not moderators, disabled accounts or unused names', async () => {
    const ids = (await findWriters(t.database.db)).map((w) => w.id)
    for (const s of [reporter, editor, admin]) assert.ok(ids.includes(s.principal.personId!), s.principal.displayName)
    assert.ok(ids.includes(agencyWriter), 'a byline from imported articles')
    for (const s of [moderator, gone]) assert.ok(!ids.includes(s.principal.personId!), s.principal.displayName)
    assert.ok(!ids.includes(nobody))
    const bylines = (await api(reporter, 'GET', '/api/admin/bylines')).json().bylines as { id: number }[]
    assert.deepEqual(
      bylines.map((b) => b.id),
      ids,
      'the API lists the same people',
    )
  })

  test('the server refuses a non-writer as author, and keeps an author the article already has', async () => {
    const bad = await api(reporter, 'POST', '/api/admin/articles', {
      headline: 'Moderated',
      sectionId: await sectionId(),
      authorIds: [moderator.principal.personId],
    })
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(
      bad.json().error.fields.map((f: { field: string }) => f.field),
      ['authorIds'],
    )
    assert.match(bad.json().error.fields[0].message, /Mo Moderates cannot be credited/)

    const withGone = await api(reporter, 'POST', '/api/admin/articles', {
      headline: 'Two writers',
      sectionId: await sectionId(),
      authorIds: [reporter.principal.personId, gone.principal.personId ?? 0].filter(Boolean),
    })
    // a disabled reporter is no longer offered, so crediting them on a new article is refused too
    assert.equal(withGone.statusCode, 400)
    const created = await api(reporter, 'POST', '/api/admin/articles', {
      headline: 'One writer',
      sectionId: await sectionId(),
      authorIds: [reporter.principal.personId],
    })
    assert.equal(created.statusCode, 201, created.body)
    const id = created.json().id
    // the reporter later becomes a moderator: saving their article still works
    await createAccountStore(t.database.db).updateAccount(reporter.principal.id, { role: 'moderator' })
    const saved = await api(editor, 'PUT', `/api/admin/articles/${id}`, {
      headline: 'One writer, saved',
      sectionId: await sectionId(),
      authorIds: [reporter.principal.personId],
    })
    assert.equal(saved.statusCode, 200, saved.body)
    await createAccountStore(t.database.db).updateAccount(reporter.principal.id, { role: 'reporter' })
  })

  test('a new article starts with the signed-in reporter as its author, and offers only writers', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/newsroom/articles/new', headers: { cookie: reporter.cookie } })
    assert.equal(page.statusCode, 200)
    const select = /<select id="f-authorIds"[\s\S]*?<\/select>/.exec(page.body)![0]
    const selected = [...select.matchAll(/<option value="(\d+)"[^>]* selected>/g)].map((m) => Number(m[1]))
    assert.deepEqual(selected, [reporter.principal.personId])
    const offered = [...select.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]))
    assert.ok(!offered.includes(moderator.principal.personId!) && !offered.includes(nobody))
    assert.ok(offered.includes(editor.principal.personId!))
  })
})
