import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import { publishDue } from './workflow.ts'

const BODY = [
  {
    type: 'paragraph',
    content: [{ text: 'First paragraph with a ' }, { text: 'link', marks: [{ type: 'link', href: 'https://example.com/report' }] }, { text: '.' }],
  },
  { type: 'subheading', text: 'What happens next' },
  { type: 'quote', content: [{ text: 'We will not be moved.' }], speaker: 'Ana Ruiz', source: 'Dateline' },
]

for (const kind of databaseKinds()) {
  describe(`the publishing workflow on ${kind}`, () => {
    let t: TestApp
    let reporter: TestSession
    let editor: TestSession
    let now = new Date('2026-11-29T12:00:00Z')
    let sport: number
    before(async () => {
      t = await createTestApp({ kind, clock: { now: () => now } })
      reporter = await staffSession(t, 'reporter', 'Rita Reporter')
      editor = await staffSession(t, 'editor', 'Eddie Editor')
      sport = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'sport').executeTakeFirstOrThrow()).id
    })
    after(async () => {
      await t.close()
    })
    const api = (s: TestSession, method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'POST', url, headers: s.headers, ...(payload ? { payload } : {}) })
    const page = (url: string) => t.app.inject({ method: 'GET', url })

    async function draft(headline: string, by = reporter) {
      const res = await api(by, 'POST', '/api/admin/articles', {
        headline,
        sectionId: sport,
        lead: 'A lead.',
        body: BODY,
        dateline: { place: 'lisbon', dateText: 'December 3', agency: 'Dateline' },
        tags: ['Athletics'],
      })
      assert.equal(res.statusCode, 201, res.body)
      return res.json()
    }

    test('a reporter writes and submits; only an editor can publish; then readers see it at once', async () => {
      const a = await draft('Relay team sets national record')
      assert.equal(a.status, 'draft')
      assert.deepEqual(a.dateline, { place: 'LISBON', dateText: 'December 3', agency: 'Dateline' })
      assert.equal((await api(reporter, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'submit' })).json().status, 'review')
      const denied = await api(reporter, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'publish' })
      assert.equal(denied.statusCode, 403)
      assert.equal((await page('/sport/')).body.includes('Relay team sets national record'), false, 'not public before an editor says so')
      const pub = await api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'publish' })
      assert.equal(pub.json().status, 'published')
      const full = (await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json()
      assert.equal(full.url, '/sport/20261129/relay-team-sets-national-record')
      const article = await page(full.url)
      assert.equal(article.statusCode, 200)
      assert.match(article.body, /<span class="dateline">LISBON, December 3 \(Dateline\)<\/span>/)
      assert.match(article.body, /<a href="https:\/\/example.com\/report" rel="noopener">link<\/a>/)
      assert.match(article.body, /<h2 class="subheading">What happens next<\/h2>/)
      assert.match(
        article.body,
        /<blockquote><p>We will not be moved.<\/p><\/blockquote><figcaption>— <bdi>Ana Ruiz<\/bdi>, <cite dir="auto">Dateline<\/cite><\/figcaption>/,
      )
      assert.match(article.body, /By <bdi><a href="\/author\/rita-reporter" rel="author">Rita Reporter<\/a><\/bdi>/)
      assert.ok((await page('/')).body.includes('Relay team sets national record'))
      // who and when is recorded
      const history = (await api(editor, 'GET', `/api/admin/articles/${a.id}/history`)).json().history
      assert.deepEqual(history.map((h: { action: string; actor: string }) => [h.action, h.actor]).slice(0, 2), [
        ['article.publish', 'Eddie Editor'],
        ['article.submit', 'Rita Reporter'],
      ])
    })

    test('a correction is appended with its time, shown at the foot, and sets "updated"', async () => {
      const a = await draft('Cup final moved to Sunday', editor)
      await api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'publish' })
      now = new Date('2026-11-29T15:30:00Z')
      const c = await api(editor, 'POST', `/api/admin/articles/${a.id}/corrections`, { text: 'An earlier version gave the wrong kick-off time.' })
      assert.equal(c.statusCode, 201)
      const body = (await page('/sport/20261129/cup-final-moved-to-sunday')).body
      assert.match(
        body,
        /<h2 id="corrections-h" class="rule-heading">Corrections<\/h2>\s*<ol><li><time datetime="2026-11-29T15:30:00Z">15:30 GMT 29.11.2026<\/time>: An earlier version gave the wrong kick-off time. <a class="corrections__version" href="[^"]+\/versions\/1">See the version it corrected<\/a><\/li><\/ol>/,
      )
      assert.match(body, /\(updated <time datetime="2026-11-29T15:30:00Z">/)
      assert.equal((await api(reporter, 'POST', `/api/admin/articles/${a.id}/corrections`, { text: 'x' })).statusCode, 403)
    })

    test('unpublishing takes the page down at once; a reporter can only propose changes to published copy, never change what readers see', async () => {
      const a = await draft('Coach resigns after defeat')
      await api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'publish' })
      const url = (await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json().url
      assert.equal((await page(url)).statusCode, 200)
      // the author proposes a change: it lands in the working copy, the public page keeps the live headline
      const edit = await api(reporter, 'PUT', `/api/admin/articles/${a.id}`, { headline: 'Changed by reporter', sectionId: sport })
      assert.equal(edit.statusCode, 200)
      assert.equal(edit.json().editing.copy, 'working')
      assert.match((await page(url)).body, /Coach resigns after defeat/)
      assert.doesNotMatch((await page(url)).body, /Changed by reporter/)
      // and cannot put it live
      const live = await api(reporter, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'update' })
      assert.equal(live.statusCode, 403)
      // another reporter (not its author) cannot touch it at all
      const other = await staffSession(t, 'reporter', 'Rob Other')
      assert.equal((await api(other, 'PUT', `/api/admin/articles/${a.id}`, { headline: 'Not mine', sectionId: sport })).statusCode, 403)
      assert.equal((await api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'unpublish' })).json().status, 'unpublished')
      assert.equal((await page(url)).statusCode, 404)
    })

    test('scheduled articles go live at their time, once, even with two nodes publishing at the same moment', async () => {
      const a = await draft('Season opener preview')
      const past = await api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'schedule', scheduledFor: '2026-11-29T10:00:00Z' })
      assert.equal(past.statusCode, 400)
      assert.match(past.json().error.fields[0].message, /must be in the future/)
      const s = await api(editor, 'POST', `/api/admin/articles/${a.id}/workflow`, { action: 'schedule', scheduledFor: '2026-11-30T08:00:00Z' })
      assert.equal(s.json().status, 'scheduled')
      const deps = { db: t.database.db, events: t.deps.events, now: () => now }
      assert.deepEqual(await publishDue(deps), [], 'not yet')
      now = new Date('2026-11-30T08:00:01Z')
      const published: number[] = []
      const off = t.deps.events.on('article.published', (e) => void published.push(e.articleId))
      const [one, two] = await Promise.all([publishDue(deps), publishDue(deps)])
      off()
      assert.deepEqual([...one!, ...two!], [a.id])
      assert.deepEqual(published, [a.id])
      const full = (await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json()
      assert.equal(full.status, 'published')
      assert.equal(full.publishedAt, '2026-11-30T08:00:01.000Z')
      assert.equal((await page(full.url)).statusCode, 200)
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject_id', '=', String(a.id))
        .where('action', '=', 'article.publish')
        .execute()
      assert.equal(audit.length, 1)
    })

    test('every save keeps a revision; compare two; restore one', async () => {
      const a = await draft('Original headline')
      await api(reporter, 'PUT', `/api/admin/articles/${a.id}`, { headline: 'Second headline', sectionId: sport, lead: 'A new lead.', body: BODY })
      const revs = (await api(reporter, 'GET', `/api/admin/articles/${a.id}/revisions`)).json().revisions
      assert.deepEqual(
        revs.map((r: { number: number; headline: string }) => [r.number, r.headline]),
        [
          [2, 'Second headline'],
          [1, 'Original headline'],
        ],
      )
      const cmp = (await api(editor, 'GET', `/api/admin/articles/${a.id}/revisions/compare?from=1&to=2`)).json()
      const headline = cmp.fields.find((f: { field: string }) => f.field === 'headline')
      assert.equal(headline.changed, true)
      assert.deepEqual(
        headline.parts.filter((p: { change: string }) => p.change !== 'same').map((p: { text: string; change: string }) => [p.change, p.text]),
        [
          ['removed', 'Original'],
          ['added', 'Second'],
        ],
      )
      const restored = await api(reporter, 'POST', `/api/admin/articles/${a.id}/revisions/1/restore`)
      assert.equal(restored.json().headline, 'Original headline')
      const after = (await api(reporter, 'GET', `/api/admin/articles/${a.id}/revisions`)).json().revisions
      assert.deepEqual([after[0].number, after[0].kind, after[0].headline], [3, 'restore', 'Original headline'])
      // the compare page renders the same
      const html = await t.app.inject({ method: 'GET', url: `/newsroom/articles/${a.id}/revisions?from=1&to=2`, headers: { cookie: editor.cookie } })
      assert.match(
        html.body,
        /<del><span class="visually-hidden">removed: <\/span>Original<\/del><ins><span class="visually-hidden">added: <\/span>Second<\/ins>/,
      )
    })

    test('autosaves fold into one revision; a stale version is refused instead of overwriting', async () => {
      const a = await draft('Autosave test')
      for (let i = 0; i < 5; i++) {
        const r = await api(reporter, 'PUT', `/api/admin/articles/${a.id}?autosave=true`, { headline: `Autosave test ${i}`, sectionId: sport })
        assert.equal(r.statusCode, 200)
      }
      const revs = (await api(reporter, 'GET', `/api/admin/articles/${a.id}/revisions`)).json().revisions
      assert.equal(revs.length, 2)
      assert.equal(revs[0].headline, 'Autosave test 4')
      const current = (await api(reporter, 'GET', `/api/admin/articles/${a.id}`)).json()
      const stale = await api(editor, 'PUT', `/api/admin/articles/${a.id}`, { headline: 'From an old tab', sectionId: sport, version: current.version - 1 })
      assert.equal(stale.statusCode, 409)
      assert.equal((await api(editor, 'GET', `/api/admin/articles/${a.id}`)).json().headline, 'Autosave test 4')
    })

    test('bad input: clear errors next to the field, nothing saved', async () => {
      const count = async () =>
        Number(
          (
            await t.database.db
              .selectFrom('articles')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      const before = await count()
      const bad = badInputs()
      for (const [payload, field, message] of bad) {
        const res = await api(reporter, 'POST', '/api/admin/articles', payload)
        assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 80))
        const f = res.json().error.fields.find((x: { field: string }) => x.field === field)
        assert.ok(f, `${field} named in ${res.body}`)
        assert.match(f.message, message)
      }
      assert.equal(await count(), before)
      // and in the browser form: the message sits next to the field, the values stay
      const form = await t.app.inject({
        method: 'POST',
        url: '/newsroom/articles',
        headers: { cookie: reporter.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: reporter.csrf,
          headline: '',
          lead: 'Kept lead',
          sectionId: String(sport),
          'dateline.place': 'PARIS',
          'dateline.dateText': 'Smarch 45',
          body: '[]',
        }).toString(),
      })
      assert.equal(form.statusCode, 400)
      assert.match(form.body, /<p class="nr-error" id="f-headline-error" data-error-for="headline">Write a headline.<\/p>/)
      assert.match(form.body, /<p class="nr-error" id="f-dateline-dateText-error" data-error-for="dateline.dateText">The dateline date must look like/)
      assert.match(form.body, />Kept lead<\/textarea>/)
      assert.equal(await count(), before)
    })

    test('bad input on an update: clear errors, the article and its revisions unchanged', async () => {
      const a = await draft('Harbour reopens after storm')
      const saved = await api(reporter, 'PUT', `/api/admin/articles/${a.id}`, {
        headline: 'Harbour reopens after the storm',
        sectionId: sport,
        lead: 'Ships are moving again.',
        body: BODY,
        dateline: { place: 'LISBON', dateText: 'December 3' },
        tags: ['Weather'],
      })
      assert.equal(saved.statusCode, 200)
      const before = (await api(reporter, 'GET', `/api/admin/articles/${a.id}`)).json()
      const revisions = async () => (await api(reporter, 'GET', `/api/admin/articles/${a.id}/revisions`)).json().revisions.length
      assert.equal(await revisions(), 2)
      for (const [payload, field, message] of badInputs()) {
        for (const autosave of ['', '?autosave=true']) {
          const res = await api(reporter, 'PUT', `/api/admin/articles/${a.id}${autosave}`, { ...payload, version: before.version })
          const what = `${autosave} ${JSON.stringify(payload).slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`
          assert.equal(res.statusCode, 400, what)
          assert.equal(res.json().error.message, 'The article was not saved: some fields need attention.', what)
          const f = res.json().error.fields.find((x: { field: string }) => x.field === field)
          assert.ok(f, `${field} named in ${what}`)
          assert.match(f.message, message, what)
        }
      }
      assert.deepEqual((await api(reporter, 'GET', `/api/admin/articles/${a.id}`)).json(), before, 'the article is as it was')
      assert.equal(await revisions(), 2, 'no revision was kept')
      // the editor form's save: the message next to the field, the stored copy untouched
      const form = await t.app.inject({
        method: 'POST',
        url: `/newsroom/articles/${a.id}`,
        headers: { cookie: reporter.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: reporter.csrf,
          version: String(before.version),
          headline: 'Harbour reopens',
          sectionId: String(sport),
          body: JSON.stringify([{ type: 'paragraph', content: [{ text: 'x', marks: [{ type: 'link', href: 'javascript:alert(1)' }] }] }]),
        }).toString(),
      })
      assert.equal(form.statusCode, 400)
      assert.match(form.body, /data-error-for="body">Body: [^<]*must be an http\(s\), mailto or site-relative URL/)
      assert.deepEqual((await api(reporter, 'GET', `/api/admin/articles/${a.id}`)).json(), before)
      assert.equal(await revisions(), 2)
    })

    /** Bad article input, the field that must be named, and what its message must say. */
    function badInputs(): [object, string, RegExp][] {
      return [
        [{ headline: '', sectionId: sport }, 'headline', /Write a headline/],
        [{ headline: 'x'.repeat(201), sectionId: sport }, 'headline', /201 characters; the most is 200/],
        [{ headline: 'Fine', sectionId: 99999 }, 'sectionId', /section does not exist/],
        [{ headline: 'Fine', sectionId: sport, dateline: { place: '', dateText: 'December 3' } }, 'dateline.place', /needs a place/],
        [
          { headline: 'Fine', sectionId: sport, dateline: { place: 'MOSCOW', dateText: 'the 45th of Smarch' } },
          'dateline.dateText',
          /must look like "December 24"/,
        ],
        [{ headline: 'Fine', sectionId: sport, dateline: { place: '12345' } }, 'dateline.place', /place name in letters/],
        [{ headline: 'Fine', sectionId: sport, body: [{ type: 'paragraph', content: 'not runs' }] }, 'body', /Body: paragraph block 1/],
        [{ headline: 'Fine', sectionId: sport, body: { not: 'an array' } }, 'body', /body must be a list of blocks/],
        [{ headline: 'Fine', sectionId: sport, body: [{ type: 'script', text: 'alert(1)' }] }, 'body', /unknown type "script"/],
        [
          {
            headline: 'Fine',
            sectionId: sport,
            body: [{ type: 'paragraph', content: [{ text: 'x', marks: [{ type: 'link', href: 'javascript:alert(1)' }] }] }],
          },
          'body',
          /must be an http\(s\), mailto or site-relative URL/,
        ],
        [{ headline: 'Fine', sectionId: sport, slug: 'Not A Slug!' }, 'slug', /lowercase letters/],
      ]
    }

    test('the newsroom list filters by section and author and searches headlines', async () => {
      const world = (
        await t.database.db
          .selectFrom('sections')
          .select('id')
          .where('slug', '<>', 'sport')
          .where('parent_id', 'is', null)
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id
      const make = async (headline: string, by: TestSession, sectionId: number) => {
        const res = await api(by, 'POST', '/api/admin/articles', { headline, sectionId })
        assert.equal(res.statusCode, 201, res.body)
      }
      await make('Quayside ferry strike halts crossings', reporter, sport)
      await make('Quayside ferry timetable returns', editor, world)
      await make('Budget talks stall at the quayside 100% of the time', reporter, world)
      const list = async (query: Record<string, string>) => {
        const res = await t.app.inject({ method: 'GET', url: `/newsroom?${new URLSearchParams(query)}`, headers: { cookie: editor.cookie } })
        assert.equal(res.statusCode, 200)
        const rows = [
          ...res.body.matchAll(/<tr>\s*<td><a href="\/newsroom\/articles\/\d+">([^<]*)<\/a>.*?<\/td>\s*<td>.*?<\/td>\s*<td>([^<]*)<\/td><td>([^<]*)<\/td>/gs),
        ].map((m) => ({ headline: m[1]!, section: m[2]!, by: m[3]! }))
        return {
          rows,
          headlines: rows
            .map((r) => r.headline)
            .filter((h) => /quayside/i.test(h))
            .sort(),
          body: res.body,
        }
      }
      const sportName = (await t.database.db.selectFrom('sections').select('name').where('id', '=', sport).executeTakeFirstOrThrow()).name

      const bySection = await list({ sectionId: String(sport), q: 'quayside' })
      assert.deepEqual(bySection.headlines, ['Quayside ferry strike halts crossings'])
      const allSport = await list({ sectionId: String(sport) })
      assert.ok(allSport.rows.length > 1 && allSport.rows.every((r) => r.section === sportName), 'only Sport articles')
      assert.match(allSport.body, new RegExp(`<option value="${sport}"[^>]* selected>`), 'the chosen section stays selected')

      const rita = reporter.principal.personId!
      const byAuthor = await list({ personId: String(rita) })
      assert.deepEqual(byAuthor.headlines, ['Budget talks stall at the quayside 100% of the time', 'Quayside ferry strike halts crossings'])
      assert.ok(
        byAuthor.rows.every((r) => r.by.includes('Rita Reporter')),
        'only Rita’s bylines',
      )
      assert.match(byAuthor.body, new RegExp(`<option value="${rita}" selected>Rita Reporter</option>`))

      // headline search: any case, any part of the headline; % and _ are plain characters
      assert.deepEqual((await list({ q: 'FERRY' })).headlines, ['Quayside ferry strike halts crossings', 'Quayside ferry timetable returns'])
      assert.deepEqual((await list({ q: 'timetable ret' })).headlines, ['Quayside ferry timetable returns'])
      assert.deepEqual((await list({ q: '100%' })).headlines, ['Budget talks stall at the quayside 100% of the time'])
      const percent = await list({ q: '%' })
      assert.deepEqual(
        percent.rows.map((r) => r.headline),
        ['Budget talks stall at the quayside 100% of the time'],
      )
      assert.match(percent.body, /<input type="search" name="q" value="%"/, 'the search stays in the box')
      const none = await list({ q: 'no such headline anywhere' })
      assert.equal(none.rows.length, 0)
      assert.match(none.body, /No articles match\./)

      // filters combine
      assert.deepEqual((await list({ q: 'ferry', personId: String(rita), sectionId: String(world) })).headlines, [])
      assert.deepEqual((await list({ q: 'ferry', personId: String(editor.principal.personId!), sectionId: String(world), status: 'draft' })).headlines, [
        'Quayside ferry timetable returns',
      ])
    })

    test('related pins: an import’s five headline-only pins survive an editor’s saves; an article can be pinned by #id', async () => {
      const IMPORTED = [
        'North Korea Can Build Up to 79 Nuclear Weapons by 2020: Report',
        'Majority of US Think Sony Overreacted to Alleged North Korea Hack Attack',
        'Suspected Hacker Leaks New Data on South Korea Nuclear Reactors',
        'UN Official Urges to Dismantle North Korea Camp System, Release Prisoners',
        "North Korea Snubs UN Meeting, Slams Security Council's 'Double Standards'",
      ]
      const seedId = (await t.database.db.selectFrom('articles').select('id').where('source_key', 'like', 'text-capture:%').executeTakeFirstOrThrow()).id
      const get = async () => (await api(editor, 'GET', `/api/admin/articles/${seedId}`)).json()
      const shown = async () => {
        const b = (await page((await get()).url)).body
        const at = b.indexOf('id="related-h"')
        assert.ok(at > 0, 'the article page has a related list')
        return [...b.slice(at, b.indexOf('</section>', at)).matchAll(/<li>(?:<a href="([^"]+)">)?([^<]+)/g)].map((m) => ({
          href: m[1],
          headline: m[2]!.replace(/&#39;/g, "'"),
        }))
      }
      const a = await get()
      assert.deepEqual(
        a.related,
        IMPORTED.map((headline) => ({ headline })),
      )
      const bodyBlocks = a.body.length
      assert.equal(bodyBlocks, 12)

      // the editor opens it and saves everything back with a new headline (as the editor's autosave does)
      const full = {
        headline: 'Council Debate Leaves China Worried',
        lead: a.lead,
        slug: a.slug,
        sectionId: a.sectionId,
        dateline: {
          place: a.dateline.place,
          ...(a.dateline.dateText ? { dateText: a.dateline.dateText } : {}),
          ...(a.dateline.agency ? { agency: a.dateline.agency } : {}),
        },
        body: a.body,
        tags: a.tags,
        authorIds: a.authorIds,
        related: a.related,
        version: a.version,
      }
      const saved = await api(editor, 'PUT', `/api/admin/articles/${seedId}`, full)
      assert.equal(saved.statusCode, 200, saved.body)
      assert.deepEqual(
        saved.json().related,
        IMPORTED.map((headline) => ({ headline })),
      )
      assert.deepEqual(
        (await shown()).slice(0, 5).map((r) => r.headline),
        IMPORTED,
        'readers still see the five pinned headlines, in order',
      )

      // a script that sends only what it changes keeps the pins (and the body, tags and dateline)
      const partial = await api(editor, 'PUT', `/api/admin/articles/${seedId}`, { headline: 'Council Debate Worries China', sectionId: a.sectionId })
      assert.equal(partial.statusCode, 200, partial.body)
      const after = await get()
      assert.deepEqual(
        after.related,
        IMPORTED.map((headline) => ({ headline })),
      )
      assert.equal(after.body.length, bodyBlocks)
      assert.deepEqual([after.tags, after.dateline, after.lead], [a.tags, a.dateline, a.lead])
      assert.equal(after.headline, 'Council Debate Worries China')

      // in the editor form: the pins are lines of the Related box; "#id" pins an article
      const other = await t.database.db
        .selectFrom('articles')
        .select(['id', 'headline'])
        .where('source_key', 'is', null)
        .where('status', '=', 'published')
        .where('section_id', '<>', a.sectionId)
        .orderBy('id')
        .executeTakeFirstOrThrow()
      const editorPage = await t.app.inject({ method: 'GET', url: `/newsroom/articles/${seedId}`, headers: { cookie: editor.cookie } })
      const box = /<textarea id="f-related" name="related"[^>]*>([^<]*)<\/textarea>/.exec(editorPage.body)![1]!
      assert.deepEqual(box.replace(/&#39;/g, "'").split('\n'), IMPORTED)
      const form = new URLSearchParams({
        _csrf: editor.csrf,
        version: String(after.version),
        headline: after.headline,
        slug: after.slug,
        sectionId: String(after.sectionId),
        lead: after.lead,
        'dateline.place': after.dateline.place,
        'dateline.dateText': after.dateline.dateText ?? '',
        'dateline.agency': after.dateline.agency ?? '',
        tags: after.tags.join(', '),
        body: JSON.stringify(after.body),
        related: `${IMPORTED.join('\n')}\n#${other.id}`,
      })
      for (const id of after.authorIds) form.append('authorIds', String(id))
      const post = await t.app.inject({
        method: 'POST',
        url: `/newsroom/articles/${seedId}`,
        headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      })
      assert.equal(post.statusCode, 303, post.body.slice(0, 300))
      assert.deepEqual((await get()).related, [...IMPORTED.map((headline) => ({ headline })), { articleId: other.id }])
      const otherUrl = (await api(editor, 'GET', `/api/admin/articles/${other.id}`)).json().url
      const list = await shown()
      assert.deepEqual(
        list.slice(0, 6).map((r) => r.headline),
        [...IMPORTED, other.headline],
      )
      assert.equal(list[5]!.href, otherUrl, 'the pinned article is a link to it')
      const reopened = await t.app.inject({ method: 'GET', url: `/newsroom/articles/${seedId}`, headers: { cookie: editor.cookie } })
      assert.match(reopened.body, new RegExp(`Standards&#39;\n#${other.id}</textarea>`))

      // a #id that is no article, or the article itself: a clear error, nothing changed
      for (const [line, message] of [
        ['#99999', /One of the related articles does not exist/],
        [`#${seedId}`, /cannot be related to itself/],
      ] as const) {
        form.set('related', line)
        form.set('version', String((await get()).version))
        const bad = await t.app.inject({
          method: 'POST',
          url: `/newsroom/articles/${seedId}`,
          headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: form.toString(),
        })
        assert.equal(bad.statusCode, 400)
        assert.match(bad.body, new RegExp(`data-error-for="related">[^<]*${message.source}`))
      }
      assert.equal((await get()).related.length, 6)
    })

    test('a reporter cannot edit another reporter’s draft; an editor can', async () => {
      const other = await staffSession(t, 'reporter')
      const a = await draft('Someone else’s draft', other)
      assert.equal((await api(reporter, 'PUT', `/api/admin/articles/${a.id}`, { headline: 'Mine now', sectionId: sport })).statusCode, 403)
      assert.equal((await api(editor, 'PUT', `/api/admin/articles/${a.id}`, { headline: 'Edited by the desk', sectionId: sport })).statusCode, 200)
    })

    test('the OpenAPI document describes the admin API', async () => {
      const doc = (await api(editor, 'GET', '/api/admin/openapi.json')).json()
      assert.match(doc.openapi, /^3\./)
      assert.ok(doc.paths['/api/admin/articles'].post.requestBody)
      assert.ok(doc.paths['/api/admin/articles/{id}/workflow'])
      assert.ok(!Object.keys(doc.paths).some((p) => !p.startsWith('/api/admin/')), 'only admin routes')
    })
  })
}

after(closeTemplate)
