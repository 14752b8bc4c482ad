import fs from 'node:fs'
import { once } from 'node:events'
import type { Kysely } from 'kysely'
import { createCB } from 'xmlbuilder2'
import type { Block } from '../content/blocks.ts'
import { articlePath } from '../content/paths.ts'
import { createSectionStore } from '../content/section-store.ts'
import type { DB } from '../db/schema.ts'
import { renderBody } from '../web/body.ts'

/**
 * `dateline export --format wxr`: a WordPress eXtended RSS 1.2 file, so a newsroom can leave for
 * WordPress with its articles (as HTML), sections (categories, nested), tags, authors and approved
 * comments. Written as a stream through the XML library (every text escaped by it, once).
 */

const STATUS: Record<string, string> = { published: 'publish', draft: 'draft', review: 'pending', scheduled: 'future', unpublished: 'draft' }
const pad = (n: number) => String(n).padStart(2, '0')
const wpDate = (d: Date | null) =>
  d
    ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
    : '0000-00-00 00:00:00'

export async function exportWxr(db: Kysely<DB>, file: string, o: { siteUrl: string; title: string; onItem?: () => void }): Promise<number> {
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 })
  let pending = ''
  const xml = createCB({
    data: (chunk: string) => {
      pending += chunk
    },
    prettyPrint: true,
  })
  const flush = async () => {
    if (pending && !out.write(pending)) await once(out, 'drain')
    pending = ''
  }
  const leaf = (name: string, text: string) => xml.ele(name).txt(text).up()
  let items = 0
  try {
    xml.dec({ version: '1.0', encoding: 'UTF-8' })
    xml.ele('rss', {
      version: '2.0',
      'xmlns:excerpt': 'http://wordpress.org/export/1.2/excerpt/',
      'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:wp': 'http://wordpress.org/export/1.2/',
    })
    xml.ele('channel')
    leaf('title', o.title)
    leaf('link', o.siteUrl)
    leaf('wp:wxr_version', '1.2')
    leaf('wp:base_site_url', o.siteUrl)
    leaf('wp:base_blog_url', o.siteUrl)

    const people = await db
      .selectFrom('people')
      .leftJoin('accounts', 'accounts.person_id', 'people.id')
      .select(['people.id', 'people.display_name', 'people.slug', 'accounts.email'])
      .orderBy('people.id')
      .execute()
    const loginOf = new Map<number, string>()
    for (const p of people) {
      const login = p.slug ?? `person-${p.id}`
      if ([...loginOf.values()].includes(login)) continue
      loginOf.set(p.id, login)
      xml.ele('wp:author')
      leaf('wp:author_id', String(p.id))
      leaf('wp:author_login', login)
      leaf('wp:author_email', p.email ?? '')
      leaf('wp:author_display_name', p.display_name)
      xml.up()
    }
    const sectionStore = createSectionStore(db)
    const editions = await db.selectFrom('editions').select('id').execute()
    const sections = (await Promise.all(editions.map((e) => sectionStore.listSections(e.id)))).flat()
    const byId = new Map(sections.map((s) => [s.id, s]))
    for (const s of sections) {
      xml.ele('wp:category')
      leaf('wp:term_id', String(s.id))
      leaf('wp:category_nicename', s.slug)
      leaf('wp:category_parent', s.parentId ? (byId.get(s.parentId)?.slug ?? '') : '')
      leaf('wp:cat_name', s.name)
      leaf('wp:category_description', s.description ?? '')
      xml.up()
    }
    const tags = await db.selectFrom('tags').select(['id', 'slug', 'name']).orderBy('id').execute()
    for (const t of tags) {
      xml.ele('wp:tag')
      leaf('wp:term_id', String(t.id))
      leaf('wp:tag_slug', t.slug)
      leaf('wp:tag_name', t.name)
      xml.up()
    }
    await flush()

    for (let after = 0; ;) {
      const rows = await db.selectFrom('articles').selectAll().where('id', '>', after).orderBy('id').limit(200).execute()
      if (rows.length === 0) break
      after = rows.at(-1)!.id
      for (const a of rows) {
        const section = byId.get(a.section_id)
        const link =
          section && a.first_published_at
            ? `${o.siteUrl}${articlePath(section, { firstPublishedAt: a.first_published_at, slug: a.slug })}`
            : `${o.siteUrl}/?p=${a.id}`
        const articleTags = await db
          .selectFrom('article_tags')
          .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
          .select(['tags.slug', 'tags.name'])
          .where('article_id', '=', a.id)
          .execute()
        const authors = await db.selectFrom('article_authors').select('person_id').where('article_id', '=', a.id).orderBy('position').execute()
        const comments = await db
          .selectFrom('comments')
          .innerJoin('accounts', 'accounts.id', 'comments.author_id')
          .select(['comments.id', 'comments.parent_id', 'comments.body', 'comments.created_at', 'comments.status', 'accounts.display_name'])
          .where('article_id', '=', a.id)
          .where('comments.status', 'in', ['approved', 'pending'])
          .orderBy('comments.id')
          .execute()
        const date = a.first_published_at ?? a.scheduled_for ?? a.created_at
        xml.ele('item')
        leaf('title', a.headline)
        leaf('link', link)
        leaf('pubDate', (a.published_at ?? date).toUTCString())
        leaf('dc:creator', authors[0] ? (loginOf.get(authors[0].person_id) ?? '') : '')
        xml.ele('guid', { isPermaLink: 'false' }).txt(`${o.siteUrl}/?p=${a.id}`).up()
        leaf('description', '')
        leaf('content:encoded', renderBody(a.body as Block[]).toString())
        leaf('excerpt:encoded', a.lead)
        leaf('wp:post_id', String(a.id))
        leaf('wp:post_date', wpDate(date))
        leaf('wp:post_date_gmt', wpDate(date))
        leaf('wp:post_modified_gmt', wpDate(a.updated_at ?? a.modified_at))
        leaf('wp:comment_status', 'open')
        leaf('wp:post_name', a.slug)
        leaf('wp:status', STATUS[a.status] ?? 'draft')
        leaf('wp:post_parent', '0')
        leaf('wp:post_type', 'post')
        leaf('wp:is_sticky', '0')
        if (section) xml.ele('category', { domain: 'category', nicename: section.slug }).txt(section.name).up()
        for (const t of articleTags) xml.ele('category', { domain: 'post_tag', nicename: t.slug }).txt(t.name).up()
        for (const c of comments) {
          xml.ele('wp:comment')
          leaf('wp:comment_id', String(c.id))
          leaf('wp:comment_author', c.display_name)
          leaf('wp:comment_date_gmt', wpDate(c.created_at))
          leaf('wp:comment_content', c.body)
          leaf('wp:comment_approved', c.status === 'approved' ? '1' : '0')
          leaf('wp:comment_type', 'comment')
          leaf('wp:comment_parent', String(c.parent_id ?? 0))
          xml.up()
        }
        xml.up()
        items++
        o.onItem?.()
        await flush()
      }
    }
    xml.up().up()
    xml.end()
    await flush()
    out.end()
    await once(out, 'finish')
    return items
  } catch (e) {
    out.destroy()
    await fs.promises.rm(file, { force: true })
    throw e
  }
}
