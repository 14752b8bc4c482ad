import fs from 'node:fs'
import { once } from 'node:events'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'

/**
 * `dateline export`: everything a newsroom would take to another Dateline — editions, sections,
 * people, staff and reader accounts (never their password hashes, sessions or API tokens), tags,
 * articles with every published version and working copy, discussion, settings, stations, short
 * links, media with their originals, old addresses — as one JSON document (docs/export-format.md).
 * Tables are written in dependency order, one row a line, read in pages: memory stays flat, and
 * `import dateline` reads the same rows back in the same order.
 */

export const EXPORT_FORMAT = 'dateline-export'
export const EXPORT_VERSION = 1

/** The exported tables, parents before children; what each leaves out. */
export const EXPORT_TABLES: { table: string; omit?: string[] }[] = [
  { table: 'editions' },
  { table: 'sections' },
  { table: 'section_aliases' },
  { table: 'people' },
  { table: 'accounts', omit: ['password_hash'] },
  { table: 'account_editions' },
  { table: 'tags' },
  // articles and translation groups refer to each other: articles first, their groups set after (dateline-import.ts)
  { table: 'articles' },
  { table: 'translation_groups' },
  { table: 'article_tags' },
  { table: 'article_authors' },
  { table: 'article_related' },
  { table: 'article_corrections' },
  { table: 'article_aliases' },
  { table: 'article_revisions' },
  { table: 'article_versions' },
  { table: 'article_working_copies' },
  { table: 'short_links' },
  { table: 'stations' },
  { table: 'station_streams' },
  { table: 'station_programmes' },
  { table: 'discussion_settings' },
  { table: 'community_standards' },
  { table: 'standards_sections' },
  { table: 'article_discussions' },
  { table: 'comments' },
  { table: 'comment_likes' },
  { table: 'discussion_readers' },
  { table: 'media' },
  { table: 'media_blobs' },
  { table: 'redirects' },
  { table: 'import_items' },
]

export interface ColumnInfo {
  name: string
  type: string
  generated: boolean
}

/** The columns of a table we write and read back (generated columns are left to the database). */
export async function tableColumns(db: Queryable, table: string): Promise<ColumnInfo[]> {
  const r = await sql<{ column_name: string; data_type: string; is_generated: string }>`
    select column_name, data_type, is_generated from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db)
  return r.rows.map((c) => ({ name: c.column_name, type: c.data_type, generated: c.is_generated === 'ALWAYS' }))
}

/** The primary key columns of a table, in key order. */
export async function primaryKey(db: Queryable, table: string): Promise<string[]> {
  const r = await sql<{ column_name: string }>`
    select a.attname as column_name from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = to_regclass(${table}) and i.indisprimary
    order by array_position(i.indkey::int2[], a.attnum)`.execute(db)
  return r.rows.map((x) => x.column_name)
}

/** A row value as JSON: timestamps as ISO strings, bytes as base64, JSON as itself. */
export function toJsonValue(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null
  if (v instanceof Date) return v.toISOString()
  if (type === 'bytea') return Buffer.from(v as Uint8Array).toString('base64')
  if ((type === 'jsonb' || type === 'json') && typeof v === 'string') return JSON.parse(v)
  if (typeof v === 'bigint') return v.toString()
  return v
}

const PAGE = 500

/** Writes the export to `file`; returns the number of rows per table. */
export async function exportSite(db: Kysely<DB>, file: string, o: { onRows?: (n: number) => void } = {}): Promise<Map<string, number>> {
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 })
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain')
  }
  const counts = new Map<string, number>()
  try {
    await write(`{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"tables":{`)
    let firstTable = true
    for (const { table, omit = [] } of EXPORT_TABLES) {
      const columns = (await tableColumns(db, table)).filter((c) => !c.generated && !omit.includes(c.name))
      if (columns.length === 0) continue
      const key = await primaryKey(db, table)
      const order = key.length ? key : [columns[0]!.name]
      await write(`${firstTable ? '' : ','}\n${JSON.stringify(table)}:[`)
      firstTable = false
      let n = 0
      for (let offset = 0; ; offset += PAGE) {
        const rows = await sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c.name)))} from ${sql.table(table)}
          order by ${sql.join(order.map((c) => sql.ref(c)))} limit ${PAGE} offset ${offset}`.execute(db)
        for (const row of rows.rows) {
          const obj: Record<string, unknown> = {}
          for (const c of columns) obj[c.name] = toJsonValue(row[c.name], c.type)
          await write(`${n === 0 ? '' : ','}\n${JSON.stringify(obj)}`)
          n++
        }
        o.onRows?.(rows.rows.length)
        if (rows.rows.length < PAGE) break
      }
      await write(']')
      counts.set(table, n)
    }
    await write('\n}}\n')
    out.end()
    await once(out, 'finish')
    return counts
  } catch (e) {
    out.destroy()
    await fs.promises.rm(file, { force: true })
    throw e
  }
}
