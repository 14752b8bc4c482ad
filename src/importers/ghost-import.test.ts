import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { runCommand, type CommandIO } from '../cli/commands.ts'
import type { Block } from '../content/blocks.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { UNMAPPED_LABEL } from './html-blocks.ts'

const FIXTURE = path.resolve('test/fixtures/import/ghost.json')
const UPLOADS = path.resolve('test/fixtures/import/ghost-uploads')

async function importGhostFile(t: TestApp, file: string): Promise<{ code: number; out: string }> {
  const lines: string[] = []
  const io: CommandIO = { out: (s) => lines.push(s), err: (s) => lines.push(`ERR ${s}`) }
  const code = await runCommand({ db: t.database.db, events: t.deps.events, io, now: () => new Date() }, 'import ghost', {
    file,
    uploadsDir: UPLOADS,
    fetch: false,
    allowPrivate: false,
  })
  return { code, out: lines.join('\n') }
}

async function articleOf(t: TestApp, id: string, kind: 'post' | 'page' = 'post') {
  return t.database.db
    .selectFrom('import_items as i')
    .innerJoin('articles as a', 'a.id', 'i.local_id')
    .selectAll('a')
    .where('i.source', '=', 'ghost')
    .where('i.kind', '=', kind)
    .where('i.source_id', '=', id)
    .executeTakeFirstOrThrow()
}

let dir: string
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-ghost-'))
})
after(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

for (const kind of databaseKinds()) {
  describe(`import ghost (${kind})`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp({ kind, demo: false })
    })
    after(() => t.close())

    test('Lexical and mobiledoc posts, tags, authors, feature images, old URLs', async () => {
      const r = await importGhostFile(t, FIXTURE)
      assert.equal(r.code, 0, r.out)
      assert.match(r.out, /posts: 3 created/)
      assert.match(r.out, /pages: 1 created/)
      const lexical = await articleOf(t, 'p1')
      assert.equal(lexical.status, 'published')
      assert.equal(lexical.first_published_at?.toISOString(), '2021-02-01T10:00:00.000Z')
      assert.equal(lexical.lead, 'A Lexical story.')
      const body = lexical.body as Block[]
      assert.deepEqual(
        body.map((b) => b.type),
        ['image', 'paragraph', 'subheading', 'quote', 'list', 'image', 'embed', 'paragraph', 'paragraph'],
      )
      const lead = body[0]!
      assert.ok(lead.type === 'image' && lead.mediaId, 'the feature image is the lead picture, in the media library')
      assert.equal(lead.type === 'image' && lead.alt, 'The harbour at noon')
      assert.deepEqual(body[1], {
        type: 'paragraph',
        content: [
          { text: 'Ghost lexical ' },
          { text: 'bold', marks: [{ type: 'bold' }] },
          { text: ' link', marks: [{ type: 'link', href: 'https://ghost.example/x' }] },
        ],
      })
      assert.ok(body[7]!.type === 'paragraph' && body[7]!.content[0]!.text.startsWith(UNMAPPED_LABEL), 'an unknown card is marked')
      assert.match(JSON.stringify(body[7]), /signup.*Subscribe now/)
      const section = await t.database.db.selectFrom('sections').select(['slug']).where('id', '=', lexical.section_id).executeTakeFirstOrThrow()
      assert.equal(section.slug, 'business', 'the primary tag is the section')
      const tags = await t.database.db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select('tags.name')
        .where('article_id', '=', lexical.id)
        .execute()
      assert.deepEqual(tags.map((x) => x.name).sort(), ['Featured', 'Ports'], 'internal (#) tags stay out')
      const authors = await t.database.db
        .selectFrom('article_authors')
        .innerJoin('people', 'people.id', 'article_authors.person_id')
        .select('people.display_name')
        .where('article_id', '=', lexical.id)
        .orderBy('position')
        .execute()
      assert.deepEqual(
        authors.map((a) => a.display_name),
        ['Gina Ghost', 'Ghost Twin'],
      )

      const mobiledoc = await articleOf(t, 'p2')
      assert.equal(mobiledoc.status, 'draft')
      const mb = mobiledoc.body as Block[]
      assert.deepEqual(
        mb.map((b) => b.type),
        ['paragraph', 'subheading', 'image', 'list'],
      )
      assert.deepEqual((mb[0] as { content: unknown }).content, [
        { text: 'Mobiledoc ' },
        { text: 'strong', marks: [{ type: 'bold' }] },
        { text: ' linked', marks: [{ type: 'link', href: 'https://m.example' }] },
      ])
      const broken = await articleOf(t, 'p4')
      assert.match(JSON.stringify(broken.body), /Fallback HTML/)
      assert.match(r.out, /not valid Lexical or mobiledoc/)

      await (t.app as unknown as { redirects: { reload(): Promise<void> } }).redirects.reload()
      const old = await t.app.inject({ url: '/ghost-lexical/' })
      assert.equal(old.statusCode, 301)
      assert.equal(old.headers.location, '/business/20210201/ghost-lexical')
      assert.equal((await t.app.inject({ url: '/tag/business/' })).headers.location, '/business/')
      assert.equal((await t.app.inject({ url: String(old.headers.location) })).statusCode, 200)
    })

    test('again: nothing changes; a truncated or non-JSON file is reported', async () => {
      const again = await importGhostFile(t, FIXTURE)
      assert.match(again.out, /posts: 0 created, 0 updated, 3 unchanged/)
      const text = await fs.readFile(FIXTURE, 'utf8')
      const cut = path.join(dir, `cut-${kind}.json`)
      await fs.writeFile(cut, text.slice(0, text.indexOf('"p3"')))
      const c = await importGhostFile(t, cut)
      assert.equal(c.code, 2)
      assert.match(c.out, /Stopped early: the file ends in the middle/)
      const notJson = path.join(dir, `not-${kind}.json`)
      await fs.writeFile(notJson, '<html>')
      assert.match((await importGhostFile(t, notJson)).out, /not a Ghost export/)
    })
  })
}

after(closeTemplate)
