import fs from 'node:fs'
import { JSONParser } from '@streamparser/json'
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import { EXPORT_FORMAT, EXPORT_TABLES, EXPORT_VERSION, primaryKey, tableColumns, type ColumnInfo } from './dateline-export.ts'
import { NO_PASSWORD } from './import-core.ts'

/**
 * `dateline import dateline FILE.json`: reads an export back into an empty site, in one
 * transaction (all of it or none), streaming the rows in the order they were written. Ids are kept,
 * so links, versions and their hash chain, and a second export, come out the same. Accounts come
 * without passwords: each person sets one (`dateline user reset-password`, or the reader's reset).
 */

export class DatelineImportError extends Error {}

type Row = Record<string, unknown>

/** Why the site is not empty enough to take an export, or undefined. */
export async function notEmpty(db: Kysely<DB>): Promise<string | undefined> {
  for (const table of ['articles', 'accounts', 'media', 'comments'] as const) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)
    if (r.rows[0]!.n > 0) return `the site already has ${table}; an export is read into an empty site only (a new DATA_DIR or database)`
  }
  return undefined
}

function param(v: unknown, c: ColumnInfo): RawBuilder<unknown> | unknown {
  if (v === null || v === undefined) return null
  if (c.type === 'bytea') return Buffer.from(String(v), 'base64')
  if (c.type === 'jsonb' || c.type === 'json') return sql`${JSON.stringify(v)}::jsonb`
  return v
}

/** Reads the export; returns rows per table. Throws DatelineImportError (nothing written) on any problem. */
export async function importDateline(db: Kysely<DB>, file: string, o: { onRow?: () => void } = {}): Promise<Map<string, number>> {
  const problem = await notEmpty(db)
  if (problem) throw new DatelineImportError(problem)
  const known = new Set(EXPORT_TABLES.map((t) => t.table))
  const counts = new Map<string, number>()
  await db.transaction().execute(async (trx) => {
    const columnsOf = new Map<string, { columns: Map<string, ColumnInfo>; key: string[] }>()
    const parser = new JSONParser({ paths: ['$.format', '$.version', '$.tables.*.*'], keepStack: false })
    const queue: { table: string; row: Row }[] = []
    // an article's translation group is written after the groups (which name their original article)
    const groups: { id: unknown; group: unknown }[] = []
    let format: unknown
    let version: unknown
    let failure: Error | undefined
    parser.onValue = ({ value, key, stack }) => {
      if (stack.length === 1 && key === 'format') format = value
      else if (stack.length === 1 && key === 'version') version = value
      else if (stack.length === 3) queue.push({ table: String(stack.at(-1)!.key), row: value as Row })
    }
    parser.onError = (e) => {
      failure = e
    }
    const decoder = new TextDecoder('utf-8', { fatal: true })
    const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 })
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        let text: string
        try {
          text = decoder.decode(chunk, { stream: true })
        } catch {
          throw new DatelineImportError('the file is not UTF-8')
        }
        parser.write(text)
        if (failure) throw new DatelineImportError(`not valid JSON: ${failure.message}`)
        for (const { table, row } of queue.splice(0)) {
          if (format !== EXPORT_FORMAT) throw new DatelineImportError('this is not a Dateline export (no "format": "dateline-export" at its start)')
          if (version !== EXPORT_VERSION)
            throw new DatelineImportError(`this export is version ${String(version)}; this Dateline reads version ${EXPORT_VERSION}`)
          if (!known.has(table)) throw new DatelineImportError(`unknown table "${table}" in the export`)
          if (table === 'articles' && row.translation_group_id !== null && row.translation_group_id !== undefined) {
            groups.push({ id: row.id, group: row.translation_group_id })
            await insertRow(trx, columnsOf, table, { ...row, translation_group_id: null })
          } else await insertRow(trx, columnsOf, table, row)
          counts.set(table, (counts.get(table) ?? 0) + 1)
          o.onRow?.()
        }
      }
      for (const g of groups) await sql`update articles set translation_group_id = ${g.group as number} where id = ${g.id as number}`.execute(trx)
      if (!parser.isEnded) throw new DatelineImportError('the file ends in the middle (truncated export?)')
      if (format !== EXPORT_FORMAT) throw new DatelineImportError('this is not a Dateline export')
    } finally {
      stream.destroy()
    }
    // identities continue after the highest id read
    const identities = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and is_identity = 'YES'`.execute(trx)
    for (const { table_name, column_name } of identities.rows) {
      if (!counts.has(table_name)) continue
      await sql`select setval(pg_get_serial_sequence(${table_name}, ${column_name}), coalesce((select max(${sql.ref(column_name)}) from ${sql.table(table_name)}), 0) + 1, false)`.execute(
        trx,
      )
    }
  })
  return counts
}

async function insertRow(
  trx: Transaction<DB>,
  cache: Map<string, { columns: Map<string, ColumnInfo>; key: string[] }>,
  table: string,
  row: Row,
): Promise<void> {
  let info = cache.get(table)
  if (!info) {
    const cols = await tableColumns(trx, table)
    info = { columns: new Map(cols.filter((c) => !c.generated).map((c) => [c.name, c])), key: await primaryKey(trx, table) }
    cache.set(table, info)
  }
  const values: Row = { ...row }
  if (table === 'accounts') values.password_hash = NO_PASSWORD
  const names = Object.keys(values).filter((n) => info.columns.has(n))
  const unknown = Object.keys(values).filter((n) => !info.columns.has(n) && n !== 'password_hash')
  if (unknown.length) throw new DatelineImportError(`table ${table}: unknown column ${unknown[0]}`)
  const update = names.filter((n) => !info.key.includes(n))
  const conflict =
    info.key.length === 0
      ? sql``
      : update.length
        ? sql` on conflict (${sql.join(info.key.map((k) => sql.ref(k)))}) do update set ${sql.join(update.map((n) => sql`${sql.ref(n)} = excluded.${sql.ref(n)}`))}`
        : sql` on conflict do nothing`
  await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))}) overriding system value values (${sql.join(
    names.map((n) => param(values[n], info.columns.get(n)!)),
  )})${conflict}`.execute(trx)
}
