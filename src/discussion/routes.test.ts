import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { readerSession, seedArticleId, setDiscussionSettings } from '../../test/support/discussion.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'

after(closeTemplate)

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

describe('discussion over HTTP', () => {
  let t: TestApp
  let articleId: number
  let draftId: number
  let a: TestSession
  let b: TestSession
  let moderator: TestSession

  const form = (s: TestSession | undefined, url: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...(s ? { cookie: s.cookie } : {}), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, ...(s ? { _csrf: s.csrf } : {}) }).toString(),
    })
  const json = (s: TestSession, url: string, payload: object = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...s.headers, accept: 'application/json' }, payload })
  const count = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  before(async () => {
    t = await createTestApp()
    articleId = await seedArticleId(t.database.db)
    draftId = (await t.database.db.selectFrom('articles').select('id').where('status', '<>', 'published').executeTakeFirst())?.id ?? 0
    if (!draftId) {
      const admin = await staffSession(t, 'admin')
      const section = (await t.database.db.selectFrom('sections').select('id').executeTakeFirstOrThrow()).id
      draftId = (
        await t.app.inject({ method: 'POST', url: '/api/admin/articles', headers: admin.headers, payload: { headline: 'A draft', sectionId: section } })
      ).json().id
    }
    await setDiscussionSettings(t.database.db, { holdFirstComments: 0 })
    a = await readerSession(t, 'Ada Reader')
    b = await readerSession(t, 'Ben Reader')
    moderator = await staffSession(t, 'moderator', 'Mona Moderator')
  })
  after(async () => {
    await t.close()
  })

  test('bad input gets a clear 4xx and stores nothing', async () => {
    const before = await count()
    const cases: [string, object, number, RegExp][] = [
      [`/discussion/${articleId}/comments`, { body: '' }, 400, /Write something/],
      [`/discussion/${articleId}/comments`, { body: '   ' }, 400, /Write something/],
      [`/discussion/${articleId}/comments`, {}, 400, /body/],
      [`/discussion/${articleId}/comments`, { body: 'x'.repeat(2001) }, 400, /at most 2,000 characters long; yours has 2,001/],
      [`/discussion/${articleId}/comments`, { body: 'A reply', parentId: 999999 }, 404, /replying to does not exist/],
      [`/discussion/${draftId}/comments`, { body: 'On a draft' }, 404, /not published/],
      [`/discussion/${articleId}/comments`, { body: 'x', parentId: 'abc' }, 400, /parentId/],
    ]
    for (const [url, payload, status, message] of cases) {
      const res = await json(a, url, payload)
      assert.equal(res.statusCode, status, `${JSON.stringify(payload).slice(0, 40)}: ${res.body}`)
      assert.match(res.json().error.message, message)
    }
    // a reply to a deleted comment
    const c = (await json(a, `/discussion/${articleId}/comments`, { body: 'Soon gone' })).json()
    assert.equal((await json(a, `/discussion/comments/${c.id}/delete`)).statusCode, 200)
    const afterDelete = await count()
    const reply = await json(b, `/discussion/${articleId}/comments`, { body: 'Too late', parentId: c.id })
    assert.equal(reply.statusCode, 404)
    assert.equal(reply.json().error.code, 'COMMENT_NOT_FOUND')
    assert.equal(await count(), afterDelete)
    assert.equal(afterDelete, before + 1)
  })

  test('report your own comment, or like twice: 4xx and nothing stored', async () => {
    const c = (await json(a, `/discussion/${articleId}/comments`, { body: 'Please like me' })).json()
    const own = await json(a, `/discussion/comments/${c.id}/report`, { section: 1 })
    assert.equal(own.statusCode, 403)
    assert.match(own.json().error.message, /your own comment/)
    assert.equal((await json(b, `/discussion/comments/${c.id}/like`)).json().likes, 1)
    const twice = await json(b, `/discussion/comments/${c.id}/like`)
    assert.equal(twice.statusCode, 409)
    assert.match(twice.json().error.message, /already like/)
    const likes = await t.database.db.selectFrom('comment_likes').select('account_id').where('comment_id', '=', c.id).execute()
    assert.equal(likes.length, 1)
    const reports = await t.database.db.selectFrom('comment_reports').select('id').where('comment_id', '=', c.id).execute()
    assert.equal(reports.length, 0)
    const row = await t.database.db.selectFrom('comments').select(['like_count', 'open_reports']).where('id', '=', c.id).executeTakeFirstOrThrow()
    assert.deepEqual(row, { like_count: 1, open_reports: 0 })
  })

  test('posting needs a reader and a CSRF token', async () => {
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/discussion/${articleId}/comments`,
      headers: { accept: 'application/json' },
      payload: { body: 'Hi' },
    })
    assert.equal(anonymous.statusCode, 401)
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/discussion/${articleId}/comments`,
      headers: { cookie: a.cookie, accept: 'application/json' },
      payload: { body: 'Hi' },
    })
    assert.equal(noToken.statusCode, 403)
    assert.equal(noToken.json().error.code, 'CSRF_INVALID')
  })

  test('without JavaScript: post a form, land on the discussion with the comment; a refused form keeps the text', async () => {
    const res = await form(a, `/discussion/${articleId}/comments`, { body: 'Posted\nwithout script' })
    assert.equal(res.statusCode, 303)
    assert.match(res.headers.location as string, new RegExp(`^/discussion/${articleId}\\?posted=approved#c-\\d+$`))
    const page = await t.app.inject({ url: res.headers.location as string, headers: { cookie: a.cookie } })
    assert.match(page.body, /Your comment is published\./)
    // the discussion page links to the community standards, as the article page does
    assert.match(page.body, /<a class="discussion__standards" href="\/community-standards">Community standards<\/a>/)
    assert.match((await t.app.inject({ url: `/discussion/${articleId}` })).body, /href="\/community-standards">Community standards</)
    assert.match((await t.app.inject({ url: SEED_PATH })).body, /href="\/community-standards">Community standards</)
    assert.match(page.body, /<p>Posted<br>without script<\/p>/)
    const refused = await form(a, `/discussion/${articleId}/comments`, { body: 'x'.repeat(2500) })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /at most 2,000 characters/)
    assert.match(refused.body, /<textarea[^>]*aria-invalid="true"[^>]*>x{2500}<\/textarea>/)
  })

  test('the article page: cached for anonymous readers until the discussion changes; personal (and never cached) when signed in', async () => {
    const first = await t.app.inject({ url: SEED_PATH })
    const second = await t.app.inject({ url: SEED_PATH })
    assert.equal(second.headers['x-cache'], 'HIT')
    assert.match(first.body, /Sign in<\/a> or <a href="\/account\/sign-up/)
    const c = (await json(a, `/discussion/${articleId}/comments`, { body: 'Fresh after the cache' })).json()
    const third = await t.app.inject({ url: SEED_PATH })
    assert.equal(third.headers['x-cache'], 'MISS')
    assert.match(third.body, new RegExp(`id="c-${c.id}"`))
    const mine = await t.app.inject({ url: SEED_PATH, headers: { cookie: b.cookie } })
    assert.match(mine.headers['cache-control'] as string, /private/)
    assert.match(mine.body, /<form class="comment-form" id="comment-form"/)
    assert.match(mine.body, new RegExp(`name="_csrf" value="${b.csrf}"`))
  })

  test('held comments wait in the queue; a moderator approves one, rejects another citing a section; both are in the audit log', async () => {
    await setDiscussionSettings(t.database.db, { holdFirstComments: 1 })
    const newcomer = await readerSession(t, 'Nia Newcomer')
    const held = (await json(newcomer, `/discussion/${articleId}/comments`, { body: 'My very first comment' })).json()
    assert.equal(held.status, 'pending')
    const second = (await json(newcomer, `/discussion/${articleId}/comments`, { body: 'And a second one' })).json()
    const queue = await t.app.inject({ url: '/newsroom/moderation', headers: { cookie: moderator.cookie } })
    assert.match(queue.body, /My very first comment/)
    assert.match(queue.body, /Held by<\/strong> new-reader/)
    const approve = await t.app.inject({
      method: 'POST',
      url: `/newsroom/moderation/comments/${held.id}`,
      headers: { ...moderator.headers, accept: 'application/json' },
      payload: { op: 'approve' },
    })
    assert.deepEqual(approve.json(), { id: held.id, status: 'approved' })
    const reject = await form(moderator, `/newsroom/moderation/comments/${second.id}`, { op: 'reject', section: '3', reason: 'Off topic' })
    assert.equal(reject.statusCode, 303)
    const rejected = await t.app.inject({ url: '/newsroom/moderation?queue=rejected', headers: { cookie: moderator.cookie } })
    assert.match(rejected.body, /And a second one/)
    assert.match(rejected.body, /moderator: Off topic \(§3 Stay on topic\)/)
    // the queue page's counts, live for its script
    const counts = await t.app.inject({ url: '/newsroom/moderation/counts', headers: { cookie: moderator.cookie, accept: 'application/json' } })
    assert.equal(counts.statusCode, 200)
    assert.deepEqual(Object.keys(counts.json()).sort(), ['pending', 'rejected', 'reported'])
    assert.ok(counts.json().rejected >= 1)
    const queuePage = await t.app.inject({ url: '/newsroom/moderation', headers: { cookie: moderator.cookie } })
    assert.match(queuePage.body, new RegExp(`Rejected \\(<span data-queue-count="rejected">${counts.json().rejected}</span>\\)`))
    const log = await t.app.inject({ url: '/newsroom/moderation/log', headers: { cookie: moderator.cookie } })
    assert.match(log.body, /Mona Moderator<\/bdi><\/td><td>comment\.approve/)
    assert.match(log.body, /Mona Moderator<\/bdi><\/td><td>comment\.reject/)
    await setDiscussionSettings(t.database.db, { holdFirstComments: 0 })
  })

  test('a suspended reader cannot post until the date; lifting it lets them', async () => {
    const r = await readerSession(t, 'Sam Suspended')
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
    assert.equal((await form(moderator, `/newsroom/moderation/readers/${r.principal.id}`, { action: 'suspend', until, reason: 'Cooling off' })).statusCode, 303)
    const refused = await json(r, `/discussion/${articleId}/comments`, { body: 'Let me in' })
    assert.equal(refused.statusCode, 403)
    assert.match(refused.json().error.message, new RegExp(`suspended from discussion until ${until}`))
    // told before typing: the article's discussion shows why, not a form
    const told = await t.app.inject({ url: `/discussion/${articleId}`, headers: { cookie: r.cookie } })
    assert.match(
      told.body,
      /class="discussion__sanction"[^]*You cannot post comments until <time datetime="[^"]+">[^<]+<\/time>: your account is suspended from the discussion \(Cooling off\)/,
    )
    assert.doesNotMatch(told.body, /id="comment-form"/)
    assert.equal((await form(moderator, `/newsroom/moderation/readers/${r.principal.id}`, { action: 'lift' })).statusCode, 303)
    assert.equal((await json(r, `/discussion/${articleId}/comments`, { body: 'Let me in' })).statusCode, 201)
    const page = await t.app.inject({ url: `/newsroom/moderation/readers/${r.principal.id}`, headers: { cookie: moderator.cookie } })
    assert.match(page.body, /Mona Moderator<\/bdi> · reader\.suspend/)
    assert.match(page.body, /Mona Moderator<\/bdi> · reader\.lift/)
  })

  test('banning a reader rejects what they have waiting in the queue and stops them posting', async () => {
    await setDiscussionSettings(t.database.db, { holdFirstComments: 5 })
    try {
      const r = await readerSession(t, 'Tom Troll')
      const ids: number[] = []
      for (const body of ['First of many', 'Second of many']) {
        const posted = await json(r, `/discussion/${articleId}/comments`, { body })
        assert.equal(posted.json().status, 'pending')
        ids.push(posted.json().id)
      }
      const queue = await t.app.inject({ url: '/newsroom/moderation', headers: { cookie: moderator.cookie } })
      assert.match(queue.body, /First of many/)
      assert.equal((await form(moderator, `/newsroom/moderation/readers/${r.principal.id}`, { action: 'ban', reason: 'Spam' })).statusCode, 303)
      const rows = await t.database.db.selectFrom('comments').select(['status', 'moderation_reason']).where('id', 'in', ids).execute()
      assert.deepEqual(rows, [
        { status: 'rejected', moderation_reason: 'author banned: Spam' },
        { status: 'rejected', moderation_reason: 'author banned: Spam' },
      ])
      assert.doesNotMatch(
        (await t.app.inject({ url: '/newsroom/moderation', headers: { cookie: moderator.cookie } })).body,
        /First of many/,
        'gone from the pending queue',
      )
      assert.equal((await json(r, `/discussion/${articleId}/comments`, { body: 'Let me back' })).statusCode, 403)
      const told = await t.app.inject({ url: `/discussion/${articleId}`, headers: { cookie: r.cookie } })
      assert.match(told.body, /You cannot post comments: your account is banned from the discussion \(Spam\)/)
      assert.doesNotMatch(told.body, /id="comment-form"/)
      // the log names the reader and says the detail in words
      const log = await t.app.inject({ url: '/newsroom/moderation/log', headers: { cookie: moderator.cookie } })
      assert.match(log.body, /reader\.ban<\/td><td><a href="\/newsroom\/moderation\/readers\/\d+"><bdi>Tom Troll<\/bdi><\/a><\/td><td>reason: Spam/)
      // (the page's <head> carries the newsroom scripts' words as JSON; the log itself is in <main>)
      const logMain = log.body.slice(log.body.indexOf('<main'))
      assert.match(logMain, /Tom Troll/)
      assert.doesNotMatch(logMain, /\{&quot;|\{"/, 'no JSON in the log')
      // other readers' waiting comments are untouched
      const other = await readerSession(t, 'Nina Newcomer')
      const theirs = (await json(other, `/discussion/${articleId}/comments`, { body: 'Patiently waiting' })).json()
      await form(moderator, `/newsroom/moderation/readers/${r.principal.id}`, { action: 'ban', reason: 'Again' })
      assert.equal((await t.database.db.selectFrom('comments').select('status').where('id', '=', theirs.id).executeTakeFirstOrThrow()).status, 'pending')
    } finally {
      await setDiscussionSettings(t.database.db, { holdFirstComments: 0 })
    }
  })

  test('an admin edits the word lists and the community standards; both take effect', async () => {
    const admin = await staffSession(t, 'admin')
    const settings = await t.app.inject({ url: '/newsroom/moderation/settings', headers: { cookie: admin.cookie } })
    const values = Object.fromEntries([...settings.body.matchAll(/name="([^"]+)" type="number" value="(\d+)"/g)].map((m) => [m[1]!, m[2]!]))
    assert.equal(
      (await form(admin, '/newsroom/moderation/settings', { ...values, holdFirstComments: '0', bannedWords: 'blatherskite\n', suspectWords: '' })).statusCode,
      200,
    )
    const rejected = await json(a, `/discussion/${articleId}/comments`, { body: 'What a blatherskite.' })
    assert.equal(rejected.statusCode, 422)
    assert.equal(rejected.json().error.code, 'COMMENT_REJECTED')
    const bad = await form(admin, '/newsroom/moderation/settings', { ...values, maxLength: 'lots' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Longest comment must be a whole number/)

    await t.app.inject({ url: '/community-standards' })
    assert.equal(
      (
        await form(admin, '/newsroom/community-standards', {
          'new.title': 'No advertising',
          'new.body': 'Selling things belongs elsewhere.',
          's3.retired': '1',
        })
      ).statusCode,
      200,
    )
    const page = await t.app.inject({ url: '/community-standards' })
    assert.equal(page.headers['x-cache'], 'MISS')
    assert.match(page.body, /<h2 id="s7-h"><span class="standards__number">7\.<\/span> No advertising<\/h2>/)
    assert.doesNotMatch(page.body, /id="s3"/)
  })
})

describe('discussion settings, sorting and editing over HTTP', () => {
  let t: TestApp
  let articleId: number
  let otherId: number
  let moderator: TestSession
  let admin: TestSession
  let ip = 0

  // each call comes from its own address, so the per-address limit does not get in the way
  const form = (s: TestSession, url: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${++ip}` },
      payload: new URLSearchParams({ ...fields, _csrf: s.csrf }).toString(),
    })
  const json = (s: TestSession, url: string, payload: object = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...s.headers, accept: 'application/json', 'x-forwarded-for': `198.51.100.${++ip}` }, payload })
  const commentIds = (body: string) => [...body.matchAll(/<li class="comment[^"]*" id="c-(\d+)"/g)].map((m) => Number(m[1]))
  const settingsForm = async () => {
    const page = await t.app.inject({ url: '/newsroom/moderation/settings', headers: { cookie: admin.cookie } })
    return Object.fromEntries([...page.body.matchAll(/name="([^"]+)" type="number" value="(\d+)"/g)].map((m) => [m[1]!, m[2]!]))
  }

  before(async () => {
    t = await createTestApp()
    articleId = await seedArticleId(t.database.db)
    await setDiscussionSettings(t.database.db, { holdFirstComments: 0 })
    moderator = await staffSession(t, 'moderator', 'Mo Moderator')
    admin = await staffSession(t, 'admin')
    // a second article, published now (the seed article is years old)
    const section = (await t.database.db.selectFrom('sections').select('id').executeTakeFirstOrThrow()).id
    otherId = (
      await t.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: admin.headers,
        payload: { headline: 'Fresh off the press', sectionId: section },
      })
    ).json().id
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/admin/articles/${otherId}/workflow`,
      headers: admin.headers,
      payload: { action: 'publish' },
    })
    assert.equal(published.statusCode, 200, published.body)
  })
  after(async () => {
    await t.close()
  })

  test('a moderator closes one article’s discussion in the newsroom: readers get DISCUSSION_CLOSED; reopening lets them post', async () => {
    const r = await readerSession(t, 'Cleo Closed')
    const articlePath = (await t.database.db.selectFrom('articles').select('slug').where('id', '=', articleId).executeTakeFirstOrThrow()).slug
    const anonymousPage = async () => (await t.app.inject({ url: SEED_PATH })).body
    assert.match(await anonymousPage(), /to join the discussion/)
    assert.match(await anonymousPage(), /to join the discussion/, 'cached')
    const saved = await form(moderator, `/newsroom/moderation/articles/${articleId}`, { closed: 'closed' })
    assert.equal(saved.statusCode, 200)
    assert.match(saved.body, /Saved\./)
    assert.match(saved.body, /<input type="radio" name="closed" value="closed" checked> Closed/)
    const refused = await json(r, `/discussion/${articleId}/comments`, { body: 'Is anyone still here?' })
    assert.equal(refused.statusCode, 403, refused.body)
    assert.equal(refused.json().error.code, 'DISCUSSION_CLOSED')
    assert.match(refused.json().error.message, /discussion of this article is closed/)
    assert.equal(
      await t.database.db.selectFrom('comments').select('id').where('author_id', '=', r.principal.id).executeTakeFirst(),
      undefined,
      'nothing stored',
    )
    // the pages say so (the article page, though cached, is no longer offering to join)
    assert.match(
      (await t.app.inject({ url: `/discussion/${articleId}`, headers: { cookie: r.cookie } })).body,
      /<p class="discussion__closed">The discussion of this article is closed\.<\/p>/,
    )
    assert.match(await anonymousPage(), /discussion__closed/, `the cached page of ${articlePath} still offered the form`)
    // reopened
    assert.equal((await form(moderator, `/newsroom/moderation/articles/${articleId}`, { closed: 'open' })).statusCode, 200)
    const posted = await json(r, `/discussion/${articleId}/comments`, { body: 'Is anyone still here?' })
    assert.equal(posted.statusCode, 201, posted.body)
    assert.equal(posted.json().status, 'approved')
    assert.doesNotMatch(await anonymousPage(), /discussion__closed/)
    const log = await t.app.inject({ url: '/newsroom/moderation/log', headers: { cookie: moderator.cookie } })
    assert.match(log.body, /Mo Moderator<\/bdi><\/td><td>discussion\.settings/)
  })

  test('pre-moderation set in the newsroom holds every reader’s comment (rule premoderation) until it is turned off', async () => {
    const r = await readerSession(t, 'Pat Premoderated')
    assert.equal((await json(r, `/discussion/${otherId}/comments`, { body: 'Before pre-moderation' })).json().status, 'approved')
    assert.equal((await form(moderator, `/newsroom/moderation/articles/${otherId}`, { closed: 'auto', premoderated: '1' })).statusCode, 200)
    const page = await t.app.inject({ url: `/newsroom/moderation/articles/${otherId}`, headers: { cookie: moderator.cookie } })
    assert.match(page.body, /name="premoderated" value="1" checked/)
    const held = await json(r, `/discussion/${otherId}/comments`, { body: 'Under pre-moderation' })
    assert.equal(held.statusCode, 201)
    assert.equal(held.json().status, 'pending')
    const row = await t.database.db.selectFrom('comments').select(['status', 'moderation_rule']).where('id', '=', held.json().id).executeTakeFirstOrThrow()
    assert.deepEqual(row, { status: 'pending', moderation_rule: 'premoderation' })
    const queue = await t.app.inject({ url: '/newsroom/moderation', headers: { cookie: moderator.cookie } })
    assert.match(queue.body, /Under pre-moderation/)
    assert.match(queue.body, /Held by<\/strong> premoderation/)
    // staff are not held
    assert.equal((await json(moderator, `/discussion/${otherId}/comments`, { body: 'A word from the moderators' })).json().status, 'approved')
    // turned off (the checkbox left empty)
    assert.equal((await form(moderator, `/newsroom/moderation/articles/${otherId}`, { closed: 'auto' })).statusCode, 200)
    assert.equal((await json(r, `/discussion/${otherId}/comments`, { body: 'After pre-moderation' })).json().status, 'approved')
  })

  test('an admin sets automatic closing after N days: an old article closes, a new one stays open; a moderator can reopen the old one', async () => {
    const r = await readerSession(t, 'Olga Old-News')
    assert.equal((await form(moderator, `/newsroom/moderation/articles/${articleId}`, { closed: 'auto' })).statusCode, 200)
    assert.match((await t.app.inject({ url: SEED_PATH })).body, /to join the discussion/)
    assert.equal((await t.app.inject({ url: SEED_PATH })).headers['x-cache'], 'HIT')
    const saved = await form(admin, '/newsroom/moderation/settings', { ...(await settingsForm()), holdFirstComments: '0', closeAfterDays: '14' })
    assert.equal(saved.statusCode, 200)
    try {
      // the cached article page follows the new rule at once
      assert.match((await t.app.inject({ url: SEED_PATH })).body, /<p class="discussion__closed">/)
      assert.equal((await settingsForm()).closeAfterDays, '14')
      const old = await json(r, `/discussion/${articleId}/comments`, { body: 'On old news' })
      assert.equal(old.statusCode, 403, old.body)
      assert.equal(old.json().error.code, 'DISCUSSION_CLOSED')
      const fresh = await json(r, `/discussion/${otherId}/comments`, { body: 'On fresh news' })
      assert.equal(fresh.statusCode, 201, fresh.body)
      const newsroom = await t.app.inject({ url: `/newsroom/moderation/articles/${articleId}`, headers: { cookie: moderator.cookie } })
      assert.match(newsroom.body, /checked> By age \(closes 14 days after publication\)/)
      // the moderator's choice overrides the age
      assert.equal((await form(moderator, `/newsroom/moderation/articles/${articleId}`, { closed: 'open' })).statusCode, 200)
      assert.equal((await json(r, `/discussion/${articleId}/comments`, { body: 'On old news' })).statusCode, 201)
      assert.equal((await form(moderator, `/newsroom/moderation/articles/${otherId}`, { closed: 'closed' })).statusCode, 200)
      assert.equal((await json(r, `/discussion/${otherId}/comments`, { body: 'On fresh news, again' })).json().error.code, 'DISCUSSION_CLOSED')
    } finally {
      await form(moderator, `/newsroom/moderation/articles/${articleId}`, { closed: 'auto' })
      await form(moderator, `/newsroom/moderation/articles/${otherId}`, { closed: 'auto' })
      await setDiscussionSettings(t.database.db, { holdFirstComments: 0 })
    }
  })

  test('GET /discussion/:id?sort=oldest|liked orders the comments; a wrong sort is a clear 400', async () => {
    const section = (await t.database.db.selectFrom('sections').select('id').executeTakeFirstOrThrow()).id
    const id = (
      await t.app.inject({ method: 'POST', url: '/api/admin/articles', headers: admin.headers, payload: { headline: 'Sorted out', sectionId: section } })
    ).json().id
    assert.equal(
      (await t.app.inject({ method: 'POST', url: `/api/admin/articles/${id}/workflow`, headers: admin.headers, payload: { action: 'publish' } })).statusCode,
      200,
    )
    const readers = [await readerSession(t, 'Una'), await readerSession(t, 'Vic'), await readerSession(t, 'Wes')]
    const ids: number[] = []
    for (const [i, r] of readers.entries()) {
      const c = await json(r, `/discussion/${id}/comments`, { body: `Comment number ${i + 1}` })
      assert.equal(c.statusCode, 201, c.body)
      ids.push(c.json().id)
      await new Promise((done) => setTimeout(done, 5))
    }
    const [first, second, third] = ids as [number, number, number]
    // likes: the second comment 2, the first 1, the third none
    for (const [comment, by] of [
      [second, readers[0]!],
      [second, readers[2]!],
      [first, readers[1]!],
    ] as const)
      assert.equal((await json(by, `/discussion/comments/${comment}/like`)).statusCode, 200)
    const order = async (query: string) => {
      const res = await t.app.inject({ url: `/discussion/${id}${query}` })
      assert.equal(res.statusCode, 200, res.body)
      return { ids: commentIds(res.body), body: res.body }
    }
    assert.deepEqual((await order('')).ids, [third, second, first])
    assert.deepEqual((await order('?sort=newest')).ids, [third, second, first])
    const oldest = await order('?sort=oldest')
    assert.deepEqual(oldest.ids, [first, second, third])
    assert.match(oldest.body, /<a href="\/discussion\/\d+\?sort=oldest" aria-current="true" data-sort-link="oldest">/)
    assert.deepEqual((await order('?sort=liked')).ids, [second, first, third])
    // the fragment the script loads sorts the same way
    assert.deepEqual(commentIds((await t.app.inject({ url: `/discussion/${id}/comments?sort=liked` })).body), [second, first, third])
    const wrong = await t.app.inject({ url: `/discussion/${id}?sort=loudest`, headers: { accept: 'application/json' } })
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.json().error.message, /newest, oldest or liked/)
  })

  test('the edit route: a reader edits within the window; after it, a clear refusal and nothing changes', async () => {
    const r = await readerSession(t, 'Eddie Editor')
    const other = await readerSession(t, 'Olly Other')
    const c = (await json(r, `/discussion/${otherId}/comments`, { body: 'Frist!' })).json()
    const page = await t.app.inject({ url: `/discussion/${otherId}`, headers: { cookie: r.cookie } })
    assert.match(page.body, new RegExp(`href="/discussion/comments/${c.id}/edit">Edit</a>`))
    const editPage = await t.app.inject({ url: `/discussion/comments/${c.id}/edit`, headers: { cookie: r.cookie } })
    assert.equal(editPage.statusCode, 200)
    assert.match(editPage.body, /<textarea[^>]*>Frist!<\/textarea>/)
    // with JavaScript (JSON) and without (a form)
    const edited = await json(r, `/discussion/comments/${c.id}/edit`, { body: 'First, and corrected' })
    assert.equal(edited.statusCode, 200, edited.body)
    assert.equal(edited.json().status, 'approved')
    assert.match(edited.json().html, /First, and corrected/)
    assert.match(edited.json().html, /\(edited\)/)
    const viaForm = await form(r, `/discussion/comments/${c.id}/edit`, { body: 'First, corrected twice' })
    assert.equal(viaForm.statusCode, 303)
    // back to the article, at the comment
    assert.match(String(viaForm.headers.location), new RegExp(`^/[^?#]+/\\d{8}/[^?#]+#c-${c.id}$`))
    const after = await t.app.inject({ url: String(viaForm.headers.location).split('#')[0]!, headers: { cookie: r.cookie } })
    assert.match(after.body, /First, corrected twice/)
    assert.match(after.body, /First, corrected twice/)
    // too short an edit: the form again, the text kept
    const empty = await form(r, `/discussion/comments/${c.id}/edit`, { body: '' })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /Write something/)
    // not yours
    const notMine = await json(other, `/discussion/comments/${c.id}/edit`, { body: 'Hijacked' })
    assert.equal(notMine.statusCode, 404)
    assert.equal(notMine.json().error.code, 'COMMENT_NOT_FOUND')

    // the window (15 minutes by default) has passed
    // (created_at cannot be changed through the typed schema)
    await sql`update comments set created_at = ${new Date(Date.now() - 16 * 60_000)} where id = ${c.id}`.execute(t.database.db)
    const late = await json(r, `/discussion/comments/${c.id}/edit`, { body: 'Too late to change' })
    assert.equal(late.statusCode, 403)
    assert.equal(late.json().error.code, 'EDIT_WINDOW_CLOSED')
    assert.match(late.json().error.message, /Comments can be edited for 15 minutes after posting; this one can no longer be changed\./)
    const lateForm = await form(r, `/discussion/comments/${c.id}/edit`, { body: 'Too late to change' })
    assert.equal(lateForm.statusCode, 403)
    assert.match(lateForm.body, /Comments can be edited for 15 minutes after posting; this one can no longer be changed\./)
    const lateGet = await t.app.inject({ url: `/discussion/comments/${c.id}/edit`, headers: { cookie: r.cookie } })
    assert.equal(lateGet.statusCode, 403)
    assert.match(lateGet.body, /Comments can be edited for 15 minutes after posting; this one can no longer be changed\./)
    const row = await t.database.db.selectFrom('comments').select('body').where('id', '=', c.id).executeTakeFirstOrThrow()
    assert.equal(row.body, 'First, corrected twice')
    const later = await t.app.inject({ url: `/discussion/${otherId}`, headers: { cookie: r.cookie } })
    assert.doesNotMatch(later.body, new RegExp(`/discussion/comments/${c.id}/edit`), 'no Edit link once the window has passed')
  })
})
