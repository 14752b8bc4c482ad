import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import type net from 'node:net'
import { sql, type Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { DB } from '../db/schema.ts'
import { safeFetch } from '../http/safe-fetch.ts'
import type { WebhookEvent } from './tables.ts'

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (docs/webhooks.md). */
export const SIGNATURE_HEADER = 'dateline-signature'
/** Attempts before a delivery is given up (about a day and a half of backoff). */
export const MAX_ATTEMPTS = 10
const BASE_DELAY_MS = 30_000
const MAX_DELAY_MS = 6 * 3600_000

/** The signature header's value for a body sent at `at`. */
export function signPayload(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000)
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`
}

/** How long to wait before the attempt after `attempts` failed ones: 30 s, 1 min, 2 min… at most 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1))
}

export interface WebhookEndpoint {
  id: number
  url: string
  description: string
  events: WebhookEvent[]
  active: boolean
  createdAt: Date
}

export interface DeliveryLogEntry {
  id: number
  event: WebhookEvent
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  nextAttemptAt: Date
  lastStatus: number | null
  lastError: string | null
  createdAt: Date
  deliveredAt: Date | null
}

export interface WebhookDeps {
  db: Kysely<DB>
  now: () => Date
  log: Logger
  /** Addresses deliveries may reach although not public (FETCH_ALLOWED_ADDRESSES). */
  allowed?: net.BlockList | undefined
  timeoutMs?: number
}

/**
 * Webhooks: admin-managed endpoints, each told of the events it chose. Every event becomes one
 * delivery row per endpoint (queued in the database, so a restart loses nothing); deliveries are
 * POSTed signed with HMAC-SHA256 and retried with exponential backoff; each attempt is logged.
 */
export function createWebhooks(deps: WebhookDeps) {
  const { db, now } = deps
  return {
    async createEndpoint(e: {
      url: string
      description: string
      events: WebhookEvent[]
      createdBy: number | null
    }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
      const secret = `whsec_${randomBytes(24).toString('base64url')}`
      const row = await db
        .insertInto('webhook_endpoints')
        .values({ url: e.url, description: e.description, events: e.events, secret, created_by: e.createdBy, created_at: now() })
        .returning(['id', 'url', 'description', 'events', 'active', 'created_at'])
        .executeTakeFirstOrThrow()
      return { endpoint: toEndpoint(row), secret }
    },

    async listEndpoints(): Promise<WebhookEndpoint[]> {
      const rows = await db.selectFrom('webhook_endpoints').select(['id', 'url', 'description', 'events', 'active', 'created_at']).orderBy('id').execute()
      return rows.map(toEndpoint)
    },

    async getEndpoint(id: number): Promise<WebhookEndpoint | undefined> {
      const row = await db
        .selectFrom('webhook_endpoints')
        .select(['id', 'url', 'description', 'events', 'active', 'created_at'])
        .where('id', '=', id)
        .executeTakeFirst()
      return row && toEndpoint(row)
    },

    async setActive(id: number, active: boolean): Promise<boolean> {
      const r = await db.updateTable('webhook_endpoints').set({ active }).where('id', '=', id).executeTakeFirst()
      return Number(r.numUpdatedRows) === 1
    },

    async deleteEndpoint(id: number): Promise<boolean> {
      const r = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst()
      return Number(r.numDeletedRows) === 1
    },

    /** Queues the event for every active endpoint that asked for it; returns how many deliveries. */
    async enqueue(event: WebhookEvent, data: Record<string, unknown>): Promise<number> {
      const endpoints = await db
        .selectFrom('webhook_endpoints')
        .select('id')
        .where('active', '=', true)
        .where(sql<boolean>`${event} = any(events)`)
        .execute()
      if (endpoints.length === 0) return 0
      const at = now()
      const payload = JSON.stringify({ id: randomUUID(), event, occurredAt: at.toISOString(), data })
      await db
        .insertInto('webhook_deliveries')
        .values(endpoints.map((e) => ({ endpoint_id: e.id, event, payload, next_attempt_at: at, created_at: at })))
        .execute()
      return endpoints.length
    },

    /** Attempts the deliveries that are due (claimed with a lease, so nodes do not send one twice). */
    async deliverDue(limit = 20): Promise<number> {
      const at = now()
      const lease = new Date(at.getTime() + 120_000)
      const claimed = await sql<{ id: number; endpoint_id: number; event: WebhookEvent; payload: string; attempts: number }>`
        update webhook_deliveries set next_attempt_at = ${lease}
        where id in (
          select id from webhook_deliveries where status = 'pending' and next_attempt_at <= ${at}
          order by next_attempt_at, id limit ${limit} for update skip locked)
        returning id, endpoint_id, event, payload, attempts`.execute(db)
      for (const d of claimed.rows) await attempt(d)
      return claimed.rows.length
    },

    /** An endpoint's newest deliveries, for the newsroom's log. */
    async deliveryLog(
      endpointId: number,
      limit = 50,
    ): Promise<(DeliveryLogEntry & { tries: { at: Date; statusCode: number | null; error: string | null; durationMs: number }[] })[]> {
      const rows = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('id', 'desc').limit(limit).execute()
      const tries = rows.length
        ? await db
            .selectFrom('webhook_attempts')
            .selectAll()
            .where(
              'delivery_id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('id')
            .execute()
        : []
      return rows.map((r) => ({
        id: r.id,
        event: r.event,
        status: r.status,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at,
        lastStatus: r.last_status,
        lastError: r.last_error,
        createdAt: r.created_at,
        deliveredAt: r.delivered_at,
        tries: tries.filter((x) => x.delivery_id === r.id).map((x) => ({ at: x.at, statusCode: x.status_code, error: x.error, durationMs: x.duration_ms })),
      }))
    },
  }

  async function attempt(d: { id: number; endpoint_id: number; event: WebhookEvent; payload: string; attempts: number }): Promise<void> {
    const endpoint = await db.selectFrom('webhook_endpoints').select(['url', 'secret', 'active']).where('id', '=', d.endpoint_id).executeTakeFirst()
    if (!endpoint) return
    const at = now()
    const started = Date.now()
    let statusCode: number | null = null
    let error: string | null = null
    try {
      const res = await safeFetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Dateline-Webhooks/1',
          'dateline-event': d.event,
          'dateline-delivery': String(d.id),
          [SIGNATURE_HEADER]: signPayload(endpoint.secret, d.payload, at),
        },
        body: d.payload,
        timeoutMs: deps.timeoutMs ?? 10_000,
        maxBytes: 64 * 1024,
        allowed: deps.allowed,
      })
      statusCode = res.status
      if (res.status < 200 || res.status >= 300) error = `the endpoint answered ${res.status}`
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 500)
    }
    const attempts = d.attempts + 1
    const delivered = error === null
    const status = delivered ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending'
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values({ delivery_id: d.id, at, status_code: statusCode, error, duration_ms: Math.min(2_147_483_647, Date.now() - started) })
        .execute()
      await trx
        .updateTable('webhook_deliveries')
        .set({
          status,
          attempts,
          last_status: statusCode,
          last_error: error,
          next_attempt_at: new Date(at.getTime() + (status === 'pending' ? backoffMs(attempts) : 0)),
          ...(delivered ? { delivered_at: at } : {}),
        })
        .where('id', '=', d.id)
        .execute()
    })
    if (!delivered) deps.log.info({ delivery: d.id, endpoint: d.endpoint_id, attempts, error }, 'webhook delivery failed')
  }
}

export type Webhooks = ReturnType<typeof createWebhooks>

function toEndpoint(r: { id: number; url: string; description: string; events: WebhookEvent[]; active: boolean; created_at: Date }): WebhookEndpoint {
  return { id: r.id, url: r.url, description: r.description, events: r.events, active: r.active, createdAt: r.created_at }
}

/** Starts the delivery loop (every `intervalMs`); returns a function that stops it and waits for a running round. */
export function startWebhookWorker(webhooks: Webhooks, log: Logger, intervalMs = 5000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const timer = setInterval(() => {
    if (stopped) return
    running = running.then(() => webhooks.deliverDue()).catch((err) => log.warn({ err }, 'webhook deliveries failed'))
  }, intervalMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    await running
  }
}
