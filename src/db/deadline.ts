import type pg from 'pg'
import { AppError } from '../errors.ts'

/**
 * Deadlines for a PostgreSQL pool, so a database that hangs (connections open, nothing answering)
 * is treated like one that is down: a 503 or a stale cached page within the deadline, not a request
 * that waits for minutes. Three layers:
 *
 * - the server's own `statement_timeout` / `lock_timeout` (see `deadlineSettings`): a live but slow
 *   server cancels the statement itself;
 * - here, a client-side deadline on getting a connection from the pool and on every query: a
 *   server (or network) that says nothing at all cannot be trusted to cancel anything. A connection
 *   whose query passed the deadline is closed, never given to anyone else (its state is unknown:
 *   perhaps inside a transaction);
 * - a breaker: after one deadline passes, further queries fail at once (every request answers in
 *   well under the deadline) while a probe, every `probeMs`, asks the server `select 1`; the first
 *   answer closes the breaker, so the site recovers by itself, without a restart.
 */
export interface DeadlineOptions {
  /** The longest a pool checkout or one query may take, in ms. */
  deadlineMs: number
  /** How often an open breaker probes the server (default 500 ms). */
  probeMs?: number
}

/** What the pool and the breaker did, for logs and tests. */
export interface DeadlineState {
  /** True while the breaker is open: queries fail at once. */
  readonly unresponsive: boolean
  /** Deadlines passed so far. */
  readonly timeouts: number
  /** Calls `listener` when the breaker opens (true) or closes (false); returns the unsubscribe function. */
  onChange(listener: (unresponsive: boolean) => void): () => void
}

type Client = pg.PoolClient

/** The server settings that put a deadline on statements, lock waits and transactions left idle. */
export function deadlineSettings(deadlineMs: number): Record<string, number> {
  return {
    statement_timeout: deadlineMs,
    lock_timeout: deadlineMs,
    // a transaction left open by a client that went away holds its locks until this ends it
    idle_in_transaction_session_timeout: Math.max(30_000, deadlineMs * 6),
  }
}

function unavailable(detail: string): AppError {
  return new AppError('DATABASE_UNAVAILABLE', { detail, retryAfterSeconds: 5 })
}

/** Resolves or rejects as `work` does, or rejects with `onLate()`'s error after `ms`; `late` gets what `work` gave after that. */
function within<T>(work: Promise<T>, ms: number, onLate: () => Error, late: (value: T) => void = () => {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false
    const started = performance.now()
    let due = started + ms
    const expire = () => {
      if (done) return
      done = true
      reject(onLate())
    }
    const check = () => {
      // A timer fires late when the event loop was busy (starting up, a big page): the server may
      // have answered meanwhile, or be half-way through a handshake we have not read yet. While the
      // loop keeps being busy the wait goes on, 250 ms at a time (for at most the deadline or 1 s more);
      // then what arrived is read before deciding, so a busy process does not take a busy server for a dead one.
      const now = performance.now()
      if (now - due > 100 && now - started < ms + Math.max(ms, 1000)) {
        due = now + 250
        timer = setTimeout(check, 250)
        return
      }
      setImmediate(expire)
    }
    let timer = setTimeout(check, ms)
    work.then(
      (v) => {
        if (done) return late(v)
        done = true
        clearTimeout(timer)
        resolve(v)
      },
      (e: unknown) => {
        if (done) return
        done = true
        clearTimeout(timer)
        reject(e as Error)
      },
    )
  })
}

/** Cuts a client's socket so its hung query is abandoned and the pool removes it on release. */
function cut(client: Client): void {
  try {
    ;(client as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream?.destroy?.()
  } catch {
    // already gone
  }
}

/**
 * Wraps `pool` as the pool Kysely's PostgresDialect takes, with deadlines and a breaker (see the
 * comment at the top of this file). `state` tells whether the breaker is open.
 */
export function deadlinePool(pool: pg.Pool, options: DeadlineOptions): { pool: pg.Pool; state: DeadlineState; close(): void } {
  const { deadlineMs } = options
  const probeMs = options.probeMs ?? 500
  let unresponsive = false
  let timeouts = 0
  let probeTimer: NodeJS.Timeout | undefined
  let probing = false
  let closed = false
  const listeners = new Set<(unresponsive: boolean) => void>()
  const tell = (v: boolean) => {
    for (const l of listeners) l(v)
  }

  const trip = () => {
    timeouts++
    if (unresponsive || closed) return
    unresponsive = true
    tell(true)
    probeTimer = setInterval(() => void probe(), probeMs)
    probeTimer.unref()
  }

  async function probe(): Promise<void> {
    if (probing || !unresponsive) return
    probing = true
    let client: Client | undefined
    try {
      client = await within(
        pool.connect(),
        deadlineMs,
        () => new Error('probe: no connection'),
        (c) => c.release(),
      )
      await within(client.query('select 1'), deadlineMs, () => new Error('probe: no answer'))
      client.release()
      client = undefined
      unresponsive = false
      clearInterval(probeTimer)
      probeTimer = undefined
      tell(false)
    } catch {
      if (client) {
        cut(client)
        client.release(new Error('the database did not answer the probe'))
      }
    } finally {
      probing = false
    }
  }

  const wrappers = new WeakMap<Client, Client>()
  function wrap(client: Client): Client {
    const wrapper = wrappers.get(client)
    if (wrapper) return wrapper
    // an object whose prototype is the client: Kysely sees a pg client, with query and release replaced
    const w = Object.create(client) as Client & { poisoned: boolean }
    w.poisoned = false
    w.query = ((text: unknown, values?: unknown) => {
      if (w.poisoned || unresponsive) return Promise.reject(unavailable('the database is not answering (breaker open)'))
      const work = (client.query as (t: unknown, v?: unknown) => Promise<pg.QueryResult>)(text, values)
      return within(work, deadlineMs, () => {
        w.poisoned = true
        work.catch(() => {}) // the socket is cut below: the abandoned query rejects, and nobody listens
        cut(client)
        trip()
        return unavailable(`the database did not answer a query within ${deadlineMs} ms`)
      })
    }) as Client['query']
    w.release = (err?: Error | boolean) => {
      const poisoned = w.poisoned
      w.poisoned = false
      client.release(err || poisoned ? new Error('the connection passed its deadline') : undefined)
    }
    wrappers.set(client, w)
    return w
  }

  const wrapped = Object.create(pool) as pg.Pool
  wrapped.connect = (async () => {
    if (unresponsive) throw unavailable('the database is not answering (breaker open)')
    const client = await within(
      pool.connect(),
      deadlineMs,
      () => {
        trip()
        return unavailable(`no database connection within ${deadlineMs} ms`)
      },
      (late) => late.release(),
    )
    return wrap(client)
  }) as pg.Pool['connect']
  wrapped.end = () => {
    closed = true
    clearInterval(probeTimer)
    return pool.end()
  }
  return {
    pool: wrapped,
    state: {
      get unresponsive() {
        return unresponsive
      },
      get timeouts() {
        return timeouts
      },
      onChange(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    close() {
      closed = true
      clearInterval(probeTimer)
    },
  }
}
