import fs from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PATHS } from '../paths.ts'
import { deadlinePool, deadlineSettings, type DeadlineState } from './deadline.ts'
import type { DB } from './schema.ts'

export type DatabaseKind = 'pglite' | 'postgres'

/** An open database: the Kysely handle, which engine it is, notifications, and how to close it. */
export interface Database {
  db: Kysely<DB>
  kind: DatabaseKind
  /** Subscribes to a NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>
  /**
   * Called each time the notification connection comes back after it dropped: whatever was
   * NOTIFYed meanwhile was missed, so listeners that keep state should assume it changed.
   */
  onListenerReconnect(listener: () => void): () => void
  /** Settles once the database is open and `prepare` (if given) has run; rejects if either failed. */
  ready: Promise<void>
  /** With a deadline (PostgreSQL): whether the database is answering within it (see deadline.ts). */
  deadline?: DeadlineState
  close(): Promise<void>
}

const INT8_OID = 20
const NUMERIC_OID = 1700
const DATE_OID = 1082

/** Type parsers: int8 counts as numbers (they stay far below 2^53), dates as 'YYYY-MM-DD' text. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v)
    if (oid === DATE_OID) return (v: string) => v
    return pg.types.getTypeParser(oid, format)
  },
}

/**
 * The embedded database's buffer pool. PGlite's WebAssembly memory zero-fills the pool when it
 * starts, so all of it is resident from the first second and stays so (WebAssembly memory never
 * shrinks): PostgreSQL's default of 128 MB made some 120 MiB of the process's memory, two thirds of
 * what the rest of the app uses at rest. An embedded site's working set is small, and pages outside the
 * pool are read from the operating system's file cache; on a 50,000-article archive search was no
 * slower with 32 MB (bench/results/images.json has what it saves under 8 concurrent uploads).
 */
export const EMBEDDED_SHARED_BUFFERS = '32MB'

export interface OpenOptions {
  /** A postgres:// URL; without it an embedded PGlite database is used. */
  url?: string | undefined
  /** Folder of the embedded database (ignored with `url`). */
  dataDir?: string
  /** Data folder copied into an empty `dataDir` before it is opened (default: the build's migrated template). */
  template?: string
  /** An already open PGlite instance (tests clone a migrated template). */
  pglite?: PGlite
  /** PostgreSQL schema to use as search_path (tests give each file its own). */
  schema?: string
  poolSize?: number
  /**
   * PostgreSQL only: the longest one query, or the wait for a connection, may take (ms). Past it
   * the query fails as if the database were down (503, or a stale cached page). Work done in
   * `prepare` (migrations) has no deadline. PGlite runs in this process, on the event loop: a query
   * that runs long there holds the whole process, so no timer could answer sooner; it has none.
   */
  deadlineMs?: number | undefined
  /**
   * Work done on the database before anyone else may query it (migrations, demo content). With it,
   * an embedded database opens in the background: openDatabase returns at once, the caller builds
   * the app meanwhile, and every query waits for `ready`.
   */
  prepare?: (db: Kysely<DB>) => Promise<void>
}

/** Opens PostgreSQL (with `url`) or embedded PGlite, both behind the same Kysely dialect. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const database = openPostgres(options.url, options)
    if (options.prepare) {
      // migrations and demo content may run long: on their own connection, without the deadline
      const raw = openPostgres(options.url, { ...options, deadlineMs: undefined, poolSize: 1 })
      try {
        await options.prepare(raw.db)
      } catch (e) {
        await database.close()
        throw e
      } finally {
        await raw.close()
      }
    }
    return database
  }
  let release = async () => {}
  let opening: Promise<PGlite>
  const owned = !options.pglite
  if (options.pglite) opening = Promise.resolve(options.pglite)
  else {
    const dir = path.resolve(options.dataDir ?? './data')
    await fs.mkdir(path.dirname(dir), { recursive: true })
    release = await lockDataDir(dir)
    try {
      await seedFromTemplate(dir, options.template ?? PATHS.databaseTemplate)
    } catch (e) {
      await release()
      throw e
    }
    opening = PGlite.create(dir, { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`] })
  }
  // migrations run on their own connection before the app's queries are let through
  const ready = opening.then(async (lite) => {
    if (!options.prepare) return
    const raw = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...(createPgConfig(lite) as object), types } as pg.PoolConfig) }) })
    try {
      await options.prepare(raw)
    } finally {
      await raw.destroy()
    }
  })
  ready.catch(() => {}) // the caller awaits `ready`; queries waiting on it reject with the same error
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: async () => {
        await ready
        return new pg.Pool({ ...(createPgConfig(await opening) as object), types } as pg.PoolConfig)
      },
    }),
  })
  if (!options.prepare) {
    try {
      await ready
    } catch (e) {
      await release()
      throw e
    }
  }
  return {
    db,
    kind: 'pglite',
    ready,
    async listen(channel, handler) {
      await ready
      const unlisten = await (await opening).listen(channel, handler)
      return async () => {
        await unlisten()
      }
    },
    // in process: notifications cannot be missed
    onListenerReconnect: () => () => {},
    async close() {
      await db.destroy()
      const lite = await opening.catch(() => undefined)
      if (owned) await lite?.close()
      await release()
    },
  }
}

function openPostgres(url: string, options: OpenOptions): Database {
  const searchPath = options.schema ? `-c search_path=${quoteIdent(options.schema)},public` : undefined
  const deadlineMs = options.deadlineMs || undefined
  const clientConfig: pg.ClientConfig = {
    connectionString: url,
    types,
    keepAlive: true,
    ...(searchPath ? { options: searchPath } : {}),
    // the server cancels what runs past the deadline; the client gives up a little later (deadline.ts)
    ...(deadlineMs ? { ...deadlineSettings(deadlineMs), query_timeout: deadlineMs + 1000 } : {}),
  }
  const pool = new pg.Pool({
    ...clientConfig,
    max: options.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
    // waiting for a connection (a new one, or a free one from a full pool)
    connectionTimeoutMillis: deadlineMs ?? 5_000,
  })
  // A client that loses its server (idle in the pool, or busy with a query whose promise already
  // rejected) emits 'error': that must not crash the process. The pool drops the dead client and
  // connects a new one on the next query, so the app recovers by itself when the database returns.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  const bounded = deadlineMs ? deadlinePool(pool, { deadlineMs }) : undefined
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: bounded?.pool ?? pool }) })
  const listener = new PgListener(clientConfig)
  return {
    db,
    kind: 'postgres',
    ready: Promise.resolve(),
    ...(bounded ? { deadline: bounded.state } : {}),
    listen: (channel, handler) => listener.listen(channel, handler),
    onListenerReconnect: (l) => listener.onReconnect(l),
    async close() {
      bounded?.close()
      await listener.close()
      await db.destroy()
    },
  }
}

/** One dedicated connection for LISTEN, re-established (with its channels) after it drops. */
class PgListener {
  private client: pg.Client | undefined
  private connecting: Promise<pg.Client> | undefined
  private readonly handlers = new Map<string, Set<(payload: string) => void>>()
  private closed = false
  private retryTimer: NodeJS.Timeout | undefined
  private connectedBefore = false
  private readonly reconnectListeners = new Set<() => void>()

  constructor(private readonly config: pg.ClientConfig) {}

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener)
    return () => this.reconnectListeners.delete(listener)
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel)
    const isNew = !set
    if (!set) this.handlers.set(channel, (set = new Set()))
    set.add(handler)
    const client = await this.connect()
    if (isNew) await client.query(`LISTEN ${quoteIdent(channel)}`)
    return async () => {
      const s = this.handlers.get(channel)
      s?.delete(handler)
      if (s && s.size === 0) {
        this.handlers.delete(channel)
        await this.client?.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => {})
      }
    }
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client)
    if (!this.connecting) {
      this.connecting = (async () => {
        const client = new pg.Client(this.config)
        client.on('notification', (msg) => {
          for (const h of this.handlers.get(msg.channel) ?? []) h(msg.payload ?? '')
        })
        client.on('error', () => this.dropped(client))
        client.on('end', () => this.dropped(client))
        try {
          await client.connect()
          for (const channel of this.handlers.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`)
        } catch (e) {
          this.connecting = undefined
          client.end().catch(() => {})
          throw e
        }
        this.client = client
        this.connecting = undefined
        if (this.connectedBefore) for (const l of this.reconnectListeners) l()
        this.connectedBefore = true
        return client
      })()
    }
    return this.connecting
  }

  private dropped(client: pg.Client): void {
    if (this.client !== client) return
    this.client = undefined
    this.scheduleReconnect(500)
  }

  private scheduleReconnect(delay: number): void {
    if (this.closed || this.retryTimer) return
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      if (this.closed || this.handlers.size === 0) return
      this.connect().catch(() => this.scheduleReconnect(Math.min(delay * 2, 10_000)))
    }, delay)
    this.retryTimer.unref()
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    const c = this.client
    this.client = undefined
    await c?.end().catch(() => {})
  }
}

/**
 * A new embedded database starts as a copy of the build's migrated template: copying a data folder
 * takes a fraction of a second, where PGlite's initdb takes several. Copied beside the target and
 * renamed into place, so a start interrupted halfway leaves no half-made database.
 */
async function seedFromTemplate(dir: string, template: string): Promise<void> {
  if (await exists(path.join(dir, 'PG_VERSION'))) return
  if (!(await exists(path.join(template, 'PG_VERSION')))) return
  const entries = await fs.readdir(dir).catch(() => [])
  if (entries.length > 0) return // something else is there: let PGlite say what
  const staging = `${dir}.new-${process.pid}`
  await fs.rm(staging, { recursive: true, force: true })
  await fs.cp(template, staging, { recursive: true })
  await fs.rm(dir, { recursive: true, force: true })
  await fs.rename(staging, dir)
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  )
}

/** Error raised when another live process has the embedded database open. */
export class DatabaseInUseError extends Error {}

/**
 * The embedded database may be opened by one process at a time. A lock file beside the data folder
 * holds the owner's pid; a stale lock (its process gone) is taken over.
 */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lockFile = `${dir}.lock`
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: 'wx' })
      return async () => {
        await fs.rm(lockFile, { force: true })
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const pid = Number(await fs.readFile(lockFile, 'utf8').catch(() => ''))
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseInUseError(
          `The embedded database in ${dir} is in use by another Dateline process (pid ${pid}). Stop it first, or set DATABASE_URL to share a PostgreSQL server.`,
        )
      }
      await fs.rm(lockFile, { force: true })
    }
  }
  throw new DatabaseInUseError(`Could not lock the embedded database in ${dir}`)
}

/** The pid of the live process that has the embedded database in `dir` open, if one has. */
export async function dataDirOwner(dir: string): Promise<number | undefined> {
  const pid = Number(await fs.readFile(`${path.resolve(dir)}.lock`, 'utf8').catch(() => ''))
  return pid && pid !== process.pid && isAlive(pid) ? pid : undefined
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
