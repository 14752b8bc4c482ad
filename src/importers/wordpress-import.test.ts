import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createAuthService } from '../accounts/auth-service.ts'
import { runCommand, type CommandIO } from '../cli/commands.ts'
import type { ImportArgs } from '../cli/import-commands.ts'
import type { Block } from '../content/blocks.ts'
import { createMemoryRateLimiter } from '../http/rate-limit.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { UNMAPPED_LABEL } from './html-blocks.ts'
import { isPrivateAddress } from './safe-fetch.ts'

const FIXTURE = path.resolve('test/fixtures/import/wordpress.xml')
const UPLOADS = path.resolve('test/fixtures/import/uploads')
const SOURCE = 'wordpress:https://old.example.org'

let dir: string
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-wxr-'))
})
after(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

/** Runs `dateline import wordpress` against the test app's database, as the admin socket would. */
async function importWxr(t: TestApp, file: string, extra: Partial<ImportArgs> = {}): Promise<{ code: number; out: string }> {
  const lines: string[] = []
  const io: CommandIO = { out: (s) => lines.push(s), err: (s) => lines.push(`ERR ${s}`) }
  const code = await runCommand({ db: t.database.db, events: t.deps.events, io, now: () => new Date() }, 'import wordpress', {
    file,
    uploadsDir: UPLOADS,
    fetch: false,
    allowPrivate: false,
    ...extra,
  })
  return { code, out: lines.join('\n') }
}

/** The article a WordPress post became. */
async function articleOf(t: TestApp, postId: string, kind: 'post' | 'page' = 'post', source = SOURCE) {
  return t.database.db
    .selectFrom('import_items as i')
    .innerJoin('articles as a', 'a.id', 'i.local_id')
    .selectAll('a')
    .where('i.source', '=', source)
    .where('i.kind', '=', kind)
    .where('i.source_id', '=', postId)
    .executeTakeFirstOrThrow()
}

async function counts(t: TestApp) {
  const n = async (table: 'articles' | 'comments' | 'media' | 'article_versions' | 'accounts' | 'sections' | 'redirects' | 'tags') =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n)
  return {
    articles: await n('articles'),
    comments: await n('comments'),
    media: await n('media'),
    versions: await n('article_versions'),
    accounts: await n('accounts'),
    sections: await n('sections'),
    redirects: await n('redirects'),
    tags: await n('tags'),
  }
}

function wxr(items: string, doctype = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${doctype}
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
<channel><title>T</title><link>https://t.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://t.example</wp:base_site_url><wp:base_blog_url>https://t.example</wp:base_blog_url>
${items}
</channel></rss>`
}

function post(id: number, title: string, content: string, extra = ''): string {
  return `<item><title>${title}</title><link>https://t.example/p/${id}/</link><content:encoded><![CDATA[${content}]]></content:encoded><wp:post_id>${id}</wp:post_id><wp:post_date_gmt>2021-03-0${(id % 9) + 1} 10:00:00</wp:post_date_gmt><wp:post_name>post-${id}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>${extra}</item>`
}

for (const kind of databaseKinds()) {
  describe(`import wordpress (${kind})`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp({ kind, demo: false })
    })
    after(() => t.close())

    test('imports authors, nested sections, every status, blocks, pictures and comments; skips only what it says', async () => {
      const r = await importWxr(t, FIXTURE)
      assert.equal(r.code, 2, r.out)
      assert.match(r.out, /post 17 "Binned" \(line \d+\): status "trash" is not imported/)
      assert.match(r.out, /posts: 7 created/)
      assert.match(r.out, /pages: 1 created/)

      // statuses and dates
      const published = await articleOf(t, '11')
      assert.equal(published.status, 'published')
      assert.equal(published.first_published_at?.toISOString(), '2020-05-04T08:30:00.000Z')
      assert.equal(published.updated_at?.toISOString(), '2020-05-05T10:00:00.000Z')
      assert.equal(published.headline, 'Harbour reopens after storm', 'markup in a title is text, the script dropped')
      assert.equal(published.lead, 'Ferries and fishing boats are back after the storm.')
      assert.equal((await articleOf(t, '13')).status, 'draft')
      assert.equal((await articleOf(t, '14')).status, 'review')
      const scheduled = await articleOf(t, '15')
      assert.equal(scheduled.status, 'scheduled')
      assert.equal(scheduled.scheduled_for?.toISOString(), '2030-01-01T09:00:00.000Z')
      assert.equal((await articleOf(t, '16')).status, 'draft', 'private posts are not shown to readers')
      const sameSlug = await articleOf(t, '18')
      assert.equal(sameSlug.slug, 'harbour-reopens-2', 'a duplicate slug gets a number')
      assert.match(r.out, /posts without a usable date .*post 18/)
      assert.equal((await articleOf(t, '20', 'page')).status, 'published')

      // categories → nested sections (a reserved name moved aside)
      const sections = await t.database.db.selectFrom('sections').select(['id', 'slug', 'name', 'parent_id']).execute()
      const bySlug = new Map(sections.map((s) => [s.slug, s]))
      assert.equal(bySlug.get('harbours')?.parent_id, bySlug.get('asia')?.id)
      assert.equal(bySlug.get('asia')?.parent_id, bySlug.get('world')?.id)
      assert.equal(bySlug.get('asia')?.name, 'Asia & Pacific')
      assert.ok(bySlug.get('search-section'), 'a category named like a platform path gets another slug')
      assert.equal(published.section_id, bySlug.get('harbours')?.id, 'the first category is the section')

      // tags: post tags, further categories, sticky as Featured
      const tags = await t.database.db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select('tags.name')
        .where('article_id', '=', published.id)
        .execute()
      assert.deepEqual(tags.map((x) => x.name).sort(), ['Featured', 'Shipping', 'Storms', 'World'])

      // Gutenberg blocks
      const body = published.body as Block[]
      const types = body.map((b) => b.type)
      assert.deepEqual(types, ['paragraph', 'subheading', 'list', 'quote', 'quote', 'image', 'embed', 'paragraph'])
      assert.deepEqual(body[1], { type: 'subheading', text: 'What changes' })
      assert.equal(body[2]!.type === 'list' && body[2]!.ordered, true)
      assert.equal(body[3]!.type === 'quote' && body[3]!.speaker, 'Harbour master Li Wei')
      const image = body[5]!
      assert.ok(image.type === 'image' && image.mediaId, 'the picture is in the media library')
      assert.equal(image.type === 'image' && image.alt, 'Fishing boats leaving the harbour at dawn', 'alt from the attachment post')
      assert.equal(image.type === 'image' && image.caption, 'Boats return to the water')
      assert.deepEqual(body[6], { type: 'embed', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' })
      const unmapped = body[7]!
      assert.ok(unmapped.type === 'paragraph' && unmapped.content[0]!.text.startsWith(UNMAPPED_LABEL))
      assert.match(JSON.stringify(unmapped), /acme\/poll.*Will it last\?/)
      assert.match(r.out, /unknown block acme\/poll: 1/)

      // classic HTML with [caption], a bare URL (oEmbed), an unknown shortcode
      const classic = (await articleOf(t, '12')).body as Block[]
      assert.deepEqual(
        classic.map((b) => b.type),
        ['paragraph', 'paragraph', 'image', 'embed', 'quote', 'paragraph', 'list'],
      )
      const bee = classic[2]!
      assert.ok(bee.type === 'image' && bee.mediaId && bee.src === `/media/${bee.mediaId}`)
      assert.equal(bee.type === 'image' && bee.alt, 'A bee on clover')
      assert.equal(bee.type === 'image' && bee.caption, 'A bee on clover in June')
      assert.match(JSON.stringify(classic[5]), /not converted.*contact-form-7/)

      // featured image → the lead picture (the body's first image) of a post that has none inline
      const featuredOnly = await t.database.db.selectFrom('media').select(['alt']).execute()
      assert.equal(featuredOnly.length, 2, 'each picture stored once')

      // comments: approved stay approved, spam and pingbacks dropped, a reply to a reply under its thread
      const comments = await t.database.db
        .selectFrom('comments as c')
        .innerJoin('accounts as a', 'a.id', 'c.author_id')
        .select(['c.id', 'c.parent_id', 'c.body', 'c.status', 'a.display_name', 'c.created_at'])
        .where('c.article_id', '=', published.id)
        .orderBy('c.created_at')
        .execute()
      assert.deepEqual(
        comments.map((c) => [c.display_name, c.body, c.status]),
        [
          ['Reader One', 'Great news for the town.', 'approved'],
          ['Reader Two', 'Agreed, finally.', 'approved'],
          ['Reader One', 'A reply to a reply.', 'approved'],
          ['Waiting Reader', 'Held for moderation.', 'pending'],
        ],
      )
      assert.equal(comments[1]!.parent_id, comments[0]!.id)
      assert.equal(comments[2]!.parent_id, comments[0]!.id, 'threads here are one level deep')
      const discussion = await t.database.db.selectFrom('article_discussions').select('comment_count').where('article_id', '=', published.id).executeTakeFirst()
      assert.equal(discussion?.comment_count, 3)

      // authors: staff accounts without a usable password, disabled until an admin enables them
      const staff = await t.database.db.selectFrom('accounts').select(['email', 'disabled_at', 'role']).where('kind', '=', 'staff').orderBy('email').execute()
      assert.deepEqual(
        staff.map((s) => [s.email, s.role, s.disabled_at !== null]),
        [
          ['ana@old.example.org', 'reporter', true],
          ['yuki@old.example.org', 'reporter', true],
        ],
      )
      const auth = createAuthService({ db: t.database.db, limiter: createMemoryRateLimiter(), now: () => new Date() })
      await assert.rejects(auth.signIn({ email: 'ana@old.example.org', password: '!imported-no-password', ip: '192.0.2.1', userAgent: 't' }))
      const byline = await t.database.db
        .selectFrom('article_authors')
        .innerJoin('people', 'people.id', 'article_authors.person_id')
        .select('people.display_name')
        .where('article_id', '=', (await articleOf(t, '12')).id)
        .execute()
      assert.deepEqual(
        byline.map((b) => b.display_name),
        ['山田 由紀'],
      )
      assert.match(r.out, /authors sharing an e-mail/)
    })

    test('old addresses answer 301 to the new URL: permalinks, ?p=, ?page_id=, category archives; drafts do not', async () => {
      await t.deps.events.emit('sections.changed', { editionId: 1 })
      await (t.app as unknown as { redirects: { reload(): Promise<void> } }).redirects.reload()
      const target = '/world/asia/harbours/20200504/harbour-reopens'
      for (const url of ['/2020/05/04/harbour-reopens/', '/2020/05/04/harbour-reopens', '/?p=11']) {
        const res = await t.app.inject({ url })
        assert.equal(res.statusCode, 301, url)
        assert.equal(res.headers.location, target, url)
      }
      const page = await t.app.inject({ url: '/?page_id=20' })
      assert.equal(page.statusCode, 301)
      assert.match(String(page.headers.location), /^\/pages\/20180101\/about-us$/)
      const about = await t.app.inject({ url: '/about-us/' })
      assert.equal(about.headers.location, page.headers.location)
      const category = await t.app.inject({ url: '/category/world/asia/' })
      assert.equal(category.statusCode, 301)
      assert.equal(category.headers.location, '/world/asia/')
      const draft = await t.app.inject({ url: '/?p=13' })
      assert.notEqual(draft.statusCode, 301, 'a draft has no public address')
      const landed = await t.app.inject({ url: target })
      assert.equal(landed.statusCode, 200)
      assert.match(landed.body, /Harbour reopens after storm/)
    })

    test('importing again changes nothing', async () => {
      const before = await counts(t)
      const r = await importWxr(t, FIXTURE)
      assert.match(r.out, /posts: 0 created, 0 updated, 7 unchanged/)
      assert.match(r.out, /pages: 0 created, 0 updated, 1 unchanged/)
      assert.deepEqual(await counts(t), before)
    })

    test('a newer export updates what changed and adds what is new', async () => {
      const before = await counts(t)
      const original = await fs.readFile(FIXTURE, 'utf8')
      const changed = original
        .replace('<title>Classic: the bee count</title>', '<title>Classic: the bee count, corrected</title>')
        // a comment edited at the source, and one approved there since
        .replace('<![CDATA[Agreed, finally.]]>', '<![CDATA[Agreed, finally — édité, 修正済み.]]>')
        .replace(
          '<![CDATA[Held for moderation.]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[0]]>',
          '<![CDATA[Held for moderation.]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[1]]>',
        )
        .replace(
          '<wp:comment_id>505</wp:comment_id>',
          '<wp:comment_id>507</wp:comment_id><wp:comment_author>Late Reader</wp:comment_author><wp:comment_author_email>late@readers.example</wp:comment_author_email><wp:comment_date_gmt>2020-05-06 10:00:00</wp:comment_date_gmt><wp:comment_content>Came late.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment><wp:comment><wp:comment_id>505</wp:comment_id>',
        )
      const file = path.join(dir, `changed-${kind}.xml`)
      await fs.writeFile(file, changed)
      const r = await importWxr(t, file)
      assert.match(r.out, /posts: 0 created, 2 updated, 5 unchanged/, r.out)
      assert.equal((await articleOf(t, '12')).headline, 'Classic: the bee count, corrected')
      const after = await counts(t)
      assert.equal(after.articles, before.articles)
      assert.equal(after.comments, before.comments + 1)
      assert.equal(after.media, before.media)
      assert.equal(after.versions, before.versions + 2, 'what readers saw changed: a published version each')
      const count = await t.database.db
        .selectFrom('article_discussions')
        .select('comment_count')
        .where('article_id', '=', (await articleOf(t, '11')).id)
        .executeTakeFirst()
      assert.equal(count?.comment_count, 5, 'the new comment and the one approved at the source')
      const bodies = await t.database.db
        .selectFrom('comments')
        .select(['body', 'status'])
        .where('article_id', '=', (await articleOf(t, '11')).id)
        .orderBy('created_at')
        .execute()
      assert.ok(bodies.some((b) => b.body === 'Agreed, finally — édité, 修正済み.' && b.status === 'approved'))
      assert.ok(bodies.some((b) => b.body === 'Held for moderation.' && b.status === 'approved'))
      assert.match(r.out, /comments: 1 created, 2 updated/, r.out)
    })

    test('hostile and broken exports: a clear line, what came before imported, nothing half-written', async () => {
      const before = await counts(t)
      const bomb = path.join(dir, `bomb-${kind}.xml`)
      await fs.writeFile(bomb, wxr(post(901, '&lol9;', 'x'), '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol9 "&lol;&lol;&lol;">]>'))
      const b = await importWxr(t, bomb)
      assert.equal(b.code, 2)
      assert.match(b.out, /Stopped early: line \d+: the file declares XML entities/)
      const external = path.join(dir, `external-${kind}.xml`)
      await fs.writeFile(external, wxr(post(902, '&xxe;', 'x'), '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'))
      assert.match((await importWxr(t, external)).out, /declares XML entities/)
      assert.deepEqual(await counts(t), before, 'nothing from a refused file')

      const full = wxr(post(911, 'First whole post', '<p>One</p>') + post(912, 'Second post', '<p>Two</p>') + post(913, 'Third', '<p>Three</p>'))
      const truncated = path.join(dir, `truncated-${kind}.xml`)
      await fs.writeFile(truncated, full.slice(0, full.indexOf('Second post') + 30))
      const tr = await importWxr(t, truncated)
      assert.match(tr.out, /Stopped early: line \d+: .*(truncated|end)/i)
      assert.match(tr.out, /posts: 1 created/)

      const latin1 = path.join(dir, `latin1-${kind}.xml`)
      const bytes = Buffer.from(wxr(post(921, 'Fine', '<p>ok</p>') + '\n'.repeat(3) + post(922, 'Caf__', '<p>x</p>')), 'utf8')
      const at = bytes.indexOf('Caf__')
      bytes[at + 3] = 0xe9 // "é" in Latin-1: not UTF-8
      bytes[at + 4] = 0x20
      await fs.writeFile(latin1, bytes)
      const l = await importWxr(t, latin1)
      assert.match(l.out, /Stopped early: line \d+: the file is not UTF-8/)

      const huge = path.join(dir, `huge-${kind}.xml`)
      await fs.writeFile(huge, wxr(post(931, 'Enormous', `<p>${'word '.repeat(2_200_000)}</p>`) + post(932, 'Small after it', '<p>fine</p>')))
      const h = await importWxr(t, huge)
      assert.match(h.out, /post 931 "Enormous" \(line \d+\): its content is over 5 MB/)
      assert.equal((await articleOf(t, '932', 'post', 'wordpress:https://t.example')).headline, 'Small after it')
    })
  })
}

describe('pictures fetched from the export’s addresses', () => {
  let t: TestApp
  let server: http.Server
  let port = 0
  let hits = 0
  before(async () => {
    t = await createTestApp({ demo: false })
    const png = await fs.readFile(path.join(UPLOADS, '2020/05/harbour.png'))
    server = http.createServer((_req, res) => {
      hits++
      res.writeHead(200, { 'content-type': 'image/png' })
      res.end(png)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    port = (server.address() as { port: number }).port
  })
  after(async () => {
    await t.close()
    await new Promise((resolve) => server.close(resolve))
  })

  test('a loopback address is refused unless allowed; then fetched once', async () => {
    const file = path.join(dir, 'fetch.xml')
    await fs.writeFile(file, wxr(post(41, 'Picture post', `<p>Text</p><img src="http://127.0.0.1:${port}/wp-content/uploads/x.png" alt="A test picture">`)))
    const refused = await importWxr(t, file, { uploadsDir: undefined, fetch: true })
    assert.match(refused.out, /pictures left at their old address \(could not be fetched\)/)
    assert.equal(hits, 0, 'no request reached the private address')
    await fs.writeFile(file, wxr(post(41, 'Picture post', `<p>Text.</p><img src="http://127.0.0.1:${port}/wp-content/uploads/x.png" alt="A test picture">`)))
    const allowed = await importWxr(t, file, { uploadsDir: undefined, fetch: true, allowPrivate: true })
    assert.match(allowed.out, /pictures: 1 created/)
    assert.equal(hits, 1)
  })

  test('private, loopback and link-local addresses are recognised', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0'])
      assert.equal(isPrivateAddress(a), true, a)
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']) assert.equal(isPrivateAddress(a), false, a)
  })
})

after(closeTemplate)
