import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { XMLParser } from 'fast-xml-parser'
import { createTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { createArticleStore } from '../content/article-store.ts'
import { renderBody } from '../web/body.ts'
import { absolutize } from './feed-document.ts'

after(closeTemplate)

// an independent XML parser: entities decoded once, nothing trimmed or guessed
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: false, htmlEntities: false })

const VECTOR = '<img src=x onerror=alert(1)>'
const HEADLINE = `Tom & Jerry <script>alert(1)</script> &lt;b&gt; ${VECTOR}`
const LEAD = `A lead with ${VECTOR} & &amp; typed as text`
const BODY = [{ type: 'paragraph' as const, content: [{ text: `Before ${VECTOR} after &lt;i&gt; & done` }] }]

function textOf(node: unknown): string {
  if (typeof node === 'string') return node
  if (node && typeof node === 'object' && '#text' in node) return String((node as { '#text': unknown })['#text'])
  throw new Error(`no text in ${JSON.stringify(node)}`)
}

describe('feeds and oEmbed escape a reporter’s text exactly once (read back by an independent parser)', () => {
  let t: TestApp
  let expectedHtml: string
  let articleUrl: string
  before(async () => {
    t = await createTestApp({ clock: { now: () => TEST_NOW } })
    const section = await t.database.db.selectFrom('sections').select(['id', 'slug']).where('slug', '=', 'science').executeTakeFirstOrThrow()
    const a = await createArticleStore(t.database.db).createArticle({
      editionId: 1,
      sectionId: section.id,
      slug: 'escaping-check',
      headline: HEADLINE,
      lead: LEAD,
      status: 'published',
      body: BODY,
      firstPublishedAt: TEST_NOW,
      publishedAt: TEST_NOW,
    })
    await t.deps.events.emit('article.published', { articleId: a.id, sectionId: a.sectionId, firstTime: true })
    // the HTML our own renderer makes of the body: markup, with the reporter's text escaped once
    expectedHtml = absolutize(renderBody(BODY, undefined, 'en', { byId: new Map(), plain: true }).value, 'http://dateline.test')
    assert.ok(expectedHtml.includes('&lt;img src=x onerror=alert(1)&gt;'), expectedHtml)
    articleUrl = `http://dateline.test/science/${TEST_NOW.toISOString().slice(0, 10).replace(/-/g, '')}/escaping-check`
  })
  after(async () => {
    await t.close()
  })
  const get = (url: string) => t.app.inject({ method: 'GET', url })

  test('RSS: title and description come back as the typed text; content:encoded as our HTML, once-escaped', async () => {
    const res = await get('/feeds/section/science/rss.xml')
    assert.equal(res.statusCode, 200)
    const items = [xml.parse(res.body).rss.channel.item].flat() as Record<string, unknown>[]
    const item = items.find((i) => textOf(i.title) === HEADLINE)
    assert.ok(item, 'the headline comes back as the exact text typed')
    assert.equal(textOf(item.description), LEAD)
    const content = textOf(item['content:encoded'])
    assert.equal(content, expectedHtml)
    assert.doesNotMatch(content, /<img/, 'no live <img> reaches a feed reader')
  })

  test('Atom: title and summary are text; content type="html" is our HTML, once-escaped', async () => {
    const res = await get('/feeds/section/science/atom.xml')
    const entries = [xml.parse(res.body).feed.entry].flat() as Record<string, unknown>[]
    const entry = entries.find((e) => textOf(e.title) === HEADLINE)
    assert.ok(entry)
    assert.equal(textOf(entry.summary), LEAD)
    const content = entry.content as { '@type': string; '#text': string }
    assert.equal(content['@type'], 'html')
    assert.equal(content['#text'], expectedHtml)
  })

  test('JSON Feed: title is text, content_html our HTML', async () => {
    const feed = (await get('/feeds/section/science/feed.json')).json() as { items: { title: string; summary: string; content_html: string }[] }
    const item = feed.items.find((i) => i.title === HEADLINE)
    assert.ok(item)
    assert.equal(item.summary, LEAD)
    assert.equal(item.content_html, expectedHtml)
  })

  test('oEmbed XML: every field equals the JSON form (html once-escaped), the title is text', async () => {
    const q = `/api/content/oembed?url=${encodeURIComponent(articleUrl)}`
    const json = (await get(q)).json() as { title: string; html: string }
    assert.equal(json.title, HEADLINE)
    assert.ok(json.html.includes('Tom &amp; Jerry &lt;script&gt;'), json.html)
    const res = await get(`${q}&format=xml`)
    assert.equal(res.statusCode, 200)
    const o = xml.parse(res.body).oembed as Record<string, unknown>
    assert.equal(textOf(o.title), HEADLINE)
    assert.equal(textOf(o.html), json.html)
  })
})
