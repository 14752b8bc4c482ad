/**
 * hreflang pairs are reciprocal: starting from every edition's home and every article of the demo's
 * translation groups, the test walks each page's <link rel="alternate" hreflang> links. Every
 * alternate answers 200, names itself with the same language (self-reference), links back to the
 * page that named it, and every page with alternates has exactly one x-default, the same across
 * the set. (Search engines ignore hreflang pairs that are not returned.)
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DomUtils, parseDocument } from 'htmlparser2'
import { createTranslationStore } from '../content/translations.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'

const SITE = 'http://dateline.test'

interface Alternates {
  status: number
  lang: string
  links: { hreflang: string; href: string }[]
}

describe('hreflang alternates are reciprocal across editions', () => {
  let t: TestApp
  const pages = new Map<string, Alternates>()

  const fetchPage = async (url: string): Promise<Alternates> => {
    const seen = pages.get(url)
    if (seen) return seen
    const path = new URL(url).pathname + new URL(url).search
    const res = await t.app.inject({ url: path })
    const doc = parseDocument(res.body)
    const html = DomUtils.findOne((e) => e.name === 'html', doc.children)
    const page: Alternates = {
      status: res.statusCode,
      lang: html?.attribs.lang ?? '',
      links: DomUtils.findAll((e) => e.name === 'link' && e.attribs.rel === 'alternate' && e.attribs.hreflang !== undefined, doc.children).map((l) => ({
        hreflang: l.attribs.hreflang!,
        href: l.attribs.href!,
      })),
    }
    pages.set(url, page)
    return page
  }

  before(async () => {
    t = await createTestApp()
  })
  after(async () => {
    await t?.close()
    await closeTemplate()
  })

  test('from every home and every translated article, each alternate answers 200 and links back; x-default on each', async () => {
    const editions = await t.database.db.selectFrom('editions').select(['code', 'is_default']).execute()
    assert.ok(editions.length >= 4, 'the demo has four editions')
    const start = editions.map((e) => `${SITE}${e.is_default ? '' : `/${e.code}`}/`)
    // every published article that belongs to a translation group, at its public URL
    const grouped = await t.database.db
      .selectFrom('articles')
      .select('id')
      .where('translation_group_id', 'is not', null)
      .where('status', '=', 'published')
      .execute()
    assert.ok(grouped.length >= 4, `the seed story and its translations (${grouped.length})`)
    for (const { id } of grouped) {
      const own = (await createTranslationStore(t.database.db).findTranslations(id)).find((x) => x.articleId === id)
      assert.ok(own?.path, `article ${id} has a public path`)
      start.push(SITE + own.path)
    }

    const queue = [...start]
    const walked = new Set<string>()
    let pairs = 0
    while (queue.length) {
      const url = queue.shift()!
      if (walked.has(url)) continue
      walked.add(url)
      const page = await fetchPage(url)
      assert.equal(page.status, 200, `${url} answers`)
      const named = page.links.filter((l) => l.hreflang !== 'x-default')
      assert.ok(named.length >= 2, `${url} has alternates: ${JSON.stringify(page.links)}`)
      const defaults = page.links.filter((l) => l.hreflang === 'x-default')
      assert.equal(defaults.length, 1, `${url} has one x-default`)
      assert.ok(
        named.some((l) => l.href === defaults[0]!.href),
        `${url}: x-default is one of the alternates`,
      )
      const self = named.find((l) => l.href === url)
      assert.ok(self, `${url} names itself among its alternates: ${JSON.stringify(named)}`)
      assert.equal(self.hreflang.toLowerCase().split('-')[0], page.lang.toLowerCase().split('-')[0], `${url}: its own hreflang is its html lang`)
      assert.equal(new Set(named.map((l) => l.hreflang)).size, named.length, `${url}: one URL per language`)
      for (const alt of named) {
        const other = await fetchPage(alt.href)
        assert.equal(other.status, 200, `${alt.href} (named by ${url}) answers 200`)
        const back = other.links.find((l) => l.href === url)
        assert.ok(back, `${alt.href} links back to ${url}`)
        assert.equal(back.hreflang, self.hreflang, `${alt.href} names ${url} with the language ${url} gives itself`)
        const otherDefault = other.links.find((l) => l.hreflang === 'x-default')
        assert.equal(otherDefault?.href, defaults[0]!.href, `${alt.href} and ${url} agree on x-default`)
        pairs++
        if (!walked.has(alt.href)) queue.push(alt.href)
      }
    }
    assert.ok(walked.size >= 8, `walked ${walked.size} pages`)
    assert.ok(pairs >= 24, `checked ${pairs} pairs`)
  })
})
