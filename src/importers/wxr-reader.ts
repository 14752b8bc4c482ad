import fs from 'node:fs'
import { SaxesParser } from 'saxes'

/**
 * A streaming reader of WordPress eXtended RSS (WXR 1.1 and 1.2). The file is read in chunks and
 * parsed with saxes (which never fetches or expands external entities); a DOCTYPE that declares
 * entities is refused outright (the "billion laughs" shape), and bytes that are not UTF-8 stop the
 * read with the line they were on. Items come out one at a time, so memory stays bounded by the
 * largest item, and a single text field is capped (`maxFieldBytes`): an item over it is still
 * delivered, marked `oversize`, with the field cut, so the importer can say why it skipped it.
 */

/** A `<wp:author>` of the channel. */
export interface WxrAuthor {
  id: string
  login: string
  email: string
  displayName: string
  firstName: string
  lastName: string
}

/** A `<wp:category>` (or a `<wp:term>` of the category taxonomy). */
export interface WxrCategory {
  id: string
  nicename: string
  parent: string
  name: string
  description: string
}

export interface WxrTag {
  id: string
  slug: string
  name: string
}

export interface WxrComment {
  id: string
  author: string
  authorEmail: string
  authorUrl: string
  dateGmt: string
  date: string
  content: string
  approved: string
  type: string
  parent: string
  userId: string
}

/** An `<item>`: a post, a page, an attachment or anything else WordPress exports. */
export interface WxrItem {
  title: string
  link: string
  guid: string
  creator: string
  content: string
  excerpt: string
  postId: string
  postDate: string
  postDateGmt: string
  postModifiedGmt: string
  postName: string
  status: string
  postParent: string
  postType: string
  isSticky: string
  attachmentUrl: string
  /** `<category domain="category|post_tag" nicename="…">Name</category>` */
  terms: { domain: string; nicename: string; name: string }[]
  meta: Record<string, string>
  comments: WxrComment[]
  /** A text field was longer than the reader keeps; the item is incomplete. */
  oversize: boolean
  /** The line the item started on, for the report. */
  line: number
}

export type WxrEvent =
  | { kind: 'channel'; baseSiteUrl: string; baseBlogUrl: string; version: string; title: string }
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'category'; category: WxrCategory }
  | { kind: 'tag'; tag: WxrTag }
  | { kind: 'item'; item: WxrItem }

/** The export cannot be read on (bad bytes, hostile DOCTYPE, broken XML); what came before it stands. */
export class WxrError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`)
  }
}

const FIELD_MAP: Record<string, keyof WxrItem> = {
  title: 'title',
  link: 'link',
  guid: 'guid',
  'dc:creator': 'creator',
  'content:encoded': 'content',
  'excerpt:encoded': 'excerpt',
  'wp:post_id': 'postId',
  'wp:post_date': 'postDate',
  'wp:post_date_gmt': 'postDateGmt',
  'wp:post_modified_gmt': 'postModifiedGmt',
  'wp:post_name': 'postName',
  'wp:status': 'status',
  'wp:post_parent': 'postParent',
  'wp:post_type': 'postType',
  'wp:is_sticky': 'isSticky',
  'wp:attachment_url': 'attachmentUrl',
}

const COMMENT_MAP: Record<string, keyof WxrComment> = {
  'wp:comment_id': 'id',
  'wp:comment_author': 'author',
  'wp:comment_author_email': 'authorEmail',
  'wp:comment_author_url': 'authorUrl',
  'wp:comment_date_gmt': 'dateGmt',
  'wp:comment_date': 'date',
  'wp:comment_content': 'content',
  'wp:comment_approved': 'approved',
  'wp:comment_type': 'type',
  'wp:comment_parent': 'parent',
  'wp:comment_user_id': 'userId',
}

function emptyItem(line: number): WxrItem {
  return {
    title: '',
    link: '',
    guid: '',
    creator: '',
    content: '',
    excerpt: '',
    postId: '',
    postDate: '',
    postDateGmt: '',
    postModifiedGmt: '',
    postName: '',
    status: '',
    postParent: '',
    postType: '',
    isSticky: '',
    attachmentUrl: '',
    terms: [],
    meta: {},
    comments: [],
    oversize: false,
    line,
  }
}

export interface WxrReadOptions {
  /** The longest text field kept (default 12 MB of characters); an item with a longer one is marked oversize. */
  maxFieldChars?: number
  /** Told how many bytes have been read so far (progress). */
  onBytes?: (bytes: number) => void
}

/** Reads a WXR file as a stream of events (channel, authors, categories, tags, items). */
export async function* readWxr(file: string, options: WxrReadOptions = {}): AsyncGenerator<WxrEvent> {
  const maxField = options.maxFieldChars ?? 12 * 1024 * 1024
  const parser = new SaxesParser({ position: true })
  const queue: WxrEvent[] = []
  const stack: string[] = []
  let text = ''
  let textOver = false
  let item: WxrItem | undefined
  let comment: Partial<WxrComment> | undefined
  let meta: { key: string; value: string } | undefined
  let term: { domain: string; nicename: string } | undefined
  let channelFields: Record<string, string> = {}
  let channelSent = false
  let record: Record<string, string> | undefined
  let sawRss = false
  let failure: WxrError | undefined

  const sendChannel = () => {
    if (channelSent) return
    channelSent = true
    queue.push({
      kind: 'channel',
      baseSiteUrl: channelFields['wp:base_site_url'] ?? '',
      baseBlogUrl: channelFields['wp:base_blog_url'] ?? channelFields['link'] ?? '',
      version: channelFields['wp:wxr_version'] ?? '',
      title: channelFields['title'] ?? '',
    })
  }

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype))
      throw new WxrError('the file declares XML entities in a DOCTYPE; a WordPress export never does, so it is refused', parser.line)
  })
  parser.on('opentag', (tag) => {
    const name = tag.name
    stack.push(name)
    text = ''
    textOver = false
    if (stack.length === 1 && name === 'rss') sawRss = true
    if (name === 'item' && stack.length === 3) {
      sendChannel()
      item = emptyItem(parser.line)
    } else if (item && name === 'wp:comment') comment = {}
    else if (item && name === 'wp:postmeta') meta = { key: '', value: '' }
    else if (item && name === 'category' && stack.length === 4) {
      const attr = tag.attributes as Record<string, string>
      term = { domain: attr.domain ?? 'category', nicename: attr.nicename ?? '' }
    } else if (!item && stack.length === 3 && (name === 'wp:author' || name === 'wp:category' || name === 'wp:tag' || name === 'wp:term')) record = {}
  })
  const onText = (t: string) => {
    if (textOver) return
    if (text.length + t.length > maxField) {
      text += t.slice(0, Math.max(0, maxField - text.length))
      textOver = true
      if (item) item.oversize = true
      return
    }
    text += t
  }
  parser.on('text', onText)
  parser.on('cdata', onText)
  parser.on('closetag', (tag) => {
    const name = tag.name
    const depth = stack.length
    stack.pop()
    const value = text
    text = ''
    if (record) {
      if (depth === 3) {
        const r = record
        record = undefined
        if (name === 'wp:author')
          queue.push({
            kind: 'author',
            author: {
              id: r['wp:author_id'] ?? '',
              login: r['wp:author_login'] ?? '',
              email: r['wp:author_email'] ?? '',
              displayName: r['wp:author_display_name'] ?? '',
              firstName: r['wp:author_first_name'] ?? '',
              lastName: r['wp:author_last_name'] ?? '',
            },
          })
        else if (name === 'wp:category' || (name === 'wp:term' && r['wp:term_taxonomy'] === 'category'))
          queue.push({
            kind: 'category',
            category: {
              id: r['wp:term_id'] ?? '',
              nicename: r['wp:category_nicename'] ?? r['wp:term_slug'] ?? '',
              parent: r['wp:category_parent'] ?? r['wp:term_parent'] ?? '',
              name: r['wp:cat_name'] ?? r['wp:term_name'] ?? '',
              description: r['wp:category_description'] ?? r['wp:term_description'] ?? '',
            },
          })
        else if (name === 'wp:tag' || (name === 'wp:term' && r['wp:term_taxonomy'] === 'post_tag'))
          queue.push({
            kind: 'tag',
            tag: { id: r['wp:term_id'] ?? '', slug: r['wp:tag_slug'] ?? r['wp:term_slug'] ?? '', name: r['wp:tag_name'] ?? r['wp:term_name'] ?? '' },
          })
      } else record[name] = value
      return
    }
    if (item) {
      if (name === 'item' && depth === 3) {
        queue.push({ kind: 'item', item })
        item = undefined
      } else if (comment) {
        if (name === 'wp:comment') {
          item.comments.push({ ...EMPTY_COMMENT, ...comment })
          comment = undefined
        } else if (COMMENT_MAP[name]) comment[COMMENT_MAP[name]] = value
      } else if (meta) {
        if (name === 'wp:postmeta') {
          if (meta.key) item.meta[meta.key] = meta.value
          meta = undefined
        } else if (name === 'wp:meta_key') meta.key = value
        else if (name === 'wp:meta_value') meta.value = value
      } else if (term && name === 'category') {
        item.terms.push({ ...term, name: value })
        term = undefined
      } else if (depth === 4 && FIELD_MAP[name]) {
        ;(item as unknown as Record<string, string>)[FIELD_MAP[name]] = value
      }
      return
    }
    if (depth === 3) channelFields[name] = value
    if (name === 'channel') sendChannel()
  })

  const decoder = new TextDecoder('utf-8', { fatal: true })
  let read = 0
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 })
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length
      let s: string
      try {
        s = decoder.decode(chunk, { stream: true })
      } catch {
        // find the line of the bad byte: count the newlines up to where valid UTF-8 stops
        failure = new WxrError('the file is not UTF-8 (WordPress exports are); convert it first, e.g. with iconv', parser.line + countLines(chunk))
        break
      }
      try {
        parser.write(s)
      } catch (e) {
        failure = e instanceof WxrError ? e : new WxrError(cleanSaxesMessage(e), parser.line)
        break
      }
      if (!sawRss && stack.length > 0) {
        failure = new WxrError(`this is not a WordPress export (WXR): the document starts with <${stack[0]}>, not <rss>`, parser.line)
        break
      }
      options.onBytes?.(read)
      while (queue.length) yield queue.shift()!
    }
    if (!failure) {
      try {
        decoder.decode()
        parser.close()
      } catch (e) {
        failure = new WxrError(
          /unclosed|unexpected end|premature/i.test(String(e)) ? 'the file ends in the middle (truncated export?)' : cleanSaxesMessage(e),
          parser.line,
        )
      }
    }
  } finally {
    stream.destroy()
  }
  while (queue.length) yield queue.shift()!
  channelFields = {}
  if (!sawRss && !failure) failure = new WxrError('this is not a WordPress export (WXR): it has no <rss> element', parser.line)
  if (failure) throw failure
}

const EMPTY_COMMENT: WxrComment = {
  id: '',
  author: '',
  authorEmail: '',
  authorUrl: '',
  dateGmt: '',
  date: '',
  content: '',
  approved: '',
  type: '',
  parent: '',
  userId: '',
}

function countLines(buf: Buffer): number {
  let n = 0
  // up to the first byte that cannot start or continue UTF-8 sensibly: an approximation is enough here
  const bad = buf.findIndex((b) => b === 0xff || b === 0xfe || b === 0xc0 || b === 0xc1)
  const end = bad === -1 ? buf.length : bad
  for (let i = 0; i < end; i++) if (buf[i] === 10) n++
  return n
}

function cleanSaxesMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e)
  // saxes prefixes "file:line:column: "; we say the line ourselves
  return m.replace(/^[^:]*:\d+:\d+: /, '').replace(/^\d+:\d+: /, '')
}
