import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import type { Principal } from '../http/permissions.ts'
import type { WirePubstatus, WireSource } from './tables.ts'
import { readWireItem, type WireCopy } from './wire-ninjs.ts'

/** The newsroom's operations the wire desk uses (the newsroom module's service). */
export interface WireNewsroom {
  createDraft(input: WireDraftInput, who: Principal): Promise<{ id: number }>
  publish(articleId: number, who: Principal): Promise<void>
  notifyWire(kind: 'wire-updated' | 'wire-killed', articleId: number, at: Date): Promise<void>
}

export interface WireDraftInput {
  headline: string
  lead: string
  sectionId: number
  dateline: { place: string; dateText?: string; agency?: string } | null
  body: { type: 'paragraph'; content: { text: string }[] }[]
  tags: string[]
  authorIds: number[]
}

/** A wire item as the queue lists it. */
export interface WireItem {
  id: number
  uri: string
  agency: string
  version: string
  versions: number
  urgency: number | null
  headline: string
  located: string | null
  bodyText: string
  embargoed: Date | null
  pubstatus: WirePubstatus
  versionCreated: Date | null
  receivedAt: Date
  updatedAt: Date
  source: WireSource
  articleId: number | null
  usedAs: 'draft' | 'published' | null
}

export type IngestResult = { id: number; status: 'new' | 'updated' | 'unchanged'; version: string; pubstatus: WirePubstatus }

const COLUMNS = [
  'id',
  'uri',
  'agency',
  'version',
  'versions',
  'urgency',
  'headline',
  'located',
  'body_text',
  'embargoed',
  'pubstatus',
  'version_created',
  'received_at',
  'updated_at',
  'source',
  'article_id',
  'used_as',
] as const

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const PLACE = /^[\p{L}][\p{L}\p{M} .'’-]{0,79}$/u

/** The dateline an agency item keeps: its `located` (up to a comma), the day it was filed, the agency. */
export function wireDateline(copy: Pick<WireCopy, 'located' | 'versionCreated'>, agency: string): WireDraftInput['dateline'] {
  const place = (copy.located ?? '').split(',')[0]!.trim().toUpperCase()
  if (!PLACE.test(place)) return null
  const d = copy.versionCreated
  return { place, ...(d ? { dateText: `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}` } : {}), agency: agency.slice(0, 80) }
}

/**
 * The wire desk: agency copy in IPTC ninjs arrives (push, folder, poll), is checked against the
 * schema, and waits in the queue with every version; an editor opens an item as a draft or
 * publishes it as is; a later version or a kill of an item already used notifies the newsroom.
 */
export function createWireDesk(deps: { db: Kysely<DB>; now: () => Date; newsroom: () => WireNewsroom | undefined }) {
  const { db, now } = deps

  async function get(id: number): Promise<WireItem | undefined> {
    const r = await db.selectFrom('wire_items').select(COLUMNS).where('id', '=', id).executeTakeFirst()
    return r && toItem(r)
  }

  async function use(id: number, sectionId: number, who: Principal, mode: 'draft' | 'published'): Promise<number> {
    const newsroom = deps.newsroom()
    if (!newsroom) throw new Error('the wire desk needs the newsroom module')
    const item = await get(id)
    if (!item) throw new AppError('WIRE_ITEM_NOT_FOUND')
    if (item.articleId !== null) throw new AppError('CONFLICT', { message: 'This wire item has already been used: open its story instead.' })
    if (item.pubstatus === 'canceled') throw new AppError('CONFLICT', { message: 'The agency has killed this item: it may not be used.' })
    if (mode === 'published') {
      if (item.pubstatus === 'withheld') throw new AppError('CONFLICT', { message: 'The agency has withheld this item: it may not be published.' })
      if (item.embargoed && item.embargoed > now())
        throw new AppError('CONFLICT', { message: `This item is embargoed until ${item.embargoed.toISOString()}: open it as a draft and schedule it instead.` })
    }
    const row = await db.selectFrom('wire_items').select('ninjs').where('id', '=', id).executeTakeFirstOrThrow()
    const read = readWireItem(row.ninjs)
    if (!read.ok) throw new AppError('NINJS_INVALID', { fields: read.problems })
    const copy = read.copy
    const input: WireDraftInput = {
      headline: copy.headline || `${item.agency} ${copy.version}`.trim(),
      lead: copy.lead,
      sectionId,
      dateline: wireDateline(copy, item.agency),
      body: copy.paragraphs.slice(0, 1000).map((text) => ({ type: 'paragraph' as const, content: [{ text: text.slice(0, 20000) }] })),
      tags: copy.subjects.slice(0, 20).map((s) => s.slice(0, 100)),
      // bylines are newsroom writers only: the agency is credited in the dateline ("LIMA, November 30 (Agency)")
      authorIds: [],
    }
    const { id: articleId } = await newsroom.createDraft(input, who)
    await db.updateTable('wire_items').set({ article_id: articleId, used_as: 'draft' }).where('id', '=', id).execute()
    if (mode === 'published') {
      await newsroom.publish(articleId, who)
      await db.updateTable('wire_items').set({ used_as: 'published' }).where('id', '=', id).execute()
    }
    return articleId
  }

  return {
    get,

    /** Takes one incoming item: new, a new version (or kill) of a known one, or a repeat (changes nothing). */
    async ingest(input: unknown, o: { source: WireSource; agency: string }): Promise<IngestResult> {
      const read = readWireItem(input)
      if (!read.ok)
        throw new AppError('NINJS_INVALID', {
          fields: read.problems,
          message: `That is not a valid IPTC ninjs item: ${read.problems[0]?.field} ${read.problems[0]?.message}`,
        })
      const c = read.copy
      const at = now()
      const agency = (c.agency ?? o.agency).slice(0, 200) || 'Wire'
      const fields = {
        agency,
        version: c.version,
        urgency: c.urgency,
        headline: c.headline,
        located: c.located,
        body_text: c.paragraphs.join('\n\n').slice(0, 1_000_000),
        embargoed: c.embargoed,
        pubstatus: c.pubstatus,
        version_created: c.versionCreated,
        ninjs: JSON.stringify(c.item),
      }
      const result = await db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('wire_items')
          .select(['id', 'version', 'pubstatus', 'article_id'])
          .where('uri', '=', c.uri)
          .forUpdate()
          .executeTakeFirst()
        if (existing && existing.version === c.version && existing.pubstatus === c.pubstatus)
          return { id: existing.id, status: 'unchanged' as const, articleId: null }
        let id: number
        if (existing) {
          id = existing.id
          await trx
            .updateTable('wire_items')
            .set({ ...fields, updated_at: at, versions: sql`versions + 1` })
            .where('id', '=', id)
            .execute()
        } else {
          const inserted = await trx
            .insertInto('wire_items')
            .values({ ...fields, uri: c.uri, source: o.source, received_at: at, updated_at: at })
            .returning('id')
            .executeTakeFirstOrThrow()
          id = inserted.id
        }
        await trx
          .insertInto('wire_item_versions')
          .values({ item_id: id, version: c.version, pubstatus: c.pubstatus, ninjs: fields.ninjs, received_at: at })
          .execute()
        return { id, status: existing ? ('updated' as const) : ('new' as const), articleId: existing?.article_id ?? null }
      })
      // the story made from it hears of the change: editors and its writers are notified
      if (result.status === 'updated' && result.articleId !== null) {
        await deps.newsroom()?.notifyWire(c.pubstatus === 'canceled' ? 'wire-killed' : 'wire-updated', result.articleId, at)
      }
      return { id: result.id, status: result.status, version: c.version, pubstatus: c.pubstatus }
    },

    /** The queue, newest first: optionally matching words in headline, body, agency or place. */
    async list(q: { search?: string | undefined; agency?: string | undefined; limit: number; before?: number | undefined }): Promise<WireItem[]> {
      let query = db.selectFrom('wire_items').select(COLUMNS)
      const words = (q.search ?? '').split(/\s+/).filter(Boolean).slice(0, 8)
      for (const w of words) {
        const like = `%${w.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
        query = query.where((eb) =>
          eb.or([eb('headline', 'ilike', like), eb('body_text', 'ilike', like), eb('agency', 'ilike', like), eb('located', 'ilike', like)]),
        )
      }
      if (q.agency) query = query.where('agency', '=', q.agency)
      if (q.before) query = query.where('id', '<', q.before)
      const rows = await query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute()
      return rows.map(toItem)
    },

    async agencies(): Promise<string[]> {
      const rows = await db.selectFrom('wire_items').select('agency').distinct().orderBy('agency').limit(200).execute()
      return rows.map((r) => r.agency)
    },

    async versions(id: number): Promise<{ version: string; pubstatus: WirePubstatus; receivedAt: Date }[]> {
      const rows = await db.selectFrom('wire_item_versions').select(['version', 'pubstatus', 'received_at']).where('item_id', '=', id).orderBy('id').execute()
      return rows.map((r) => ({ version: r.version, pubstatus: r.pubstatus, receivedAt: r.received_at }))
    },

    /** Opens the item as a new draft, credited to the agency in its dateline; returns the article's id. */
    openAsDraft: (id: number, sectionId: number, who: Principal) => use(id, sectionId, who, 'draft'),
    /** Publishes the item as it came (not before its embargo); returns the article's id. */
    publishAsIs: (id: number, sectionId: number, who: Principal) => use(id, sectionId, who, 'published'),
  }
}

export type WireDesk = ReturnType<typeof createWireDesk>

function toItem(r: {
  id: number
  uri: string
  agency: string
  version: string
  versions: number
  urgency: number | null
  headline: string
  located: string | null
  body_text: string
  embargoed: Date | null
  pubstatus: WirePubstatus
  version_created: Date | null
  received_at: Date
  updated_at: Date
  source: WireSource
  article_id: number | null
  used_as: 'draft' | 'published' | null
}): WireItem {
  return {
    id: r.id,
    uri: r.uri,
    agency: r.agency,
    version: r.version,
    versions: r.versions,
    urgency: r.urgency,
    headline: r.headline,
    located: r.located,
    bodyText: r.body_text,
    embargoed: r.embargoed,
    pubstatus: r.pubstatus,
    versionCreated: r.version_created,
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    source: r.source,
    articleId: r.article_id,
    usedAs: r.used_as,
  }
}
