import type { Agent } from 'node:https'
import net from 'node:net'
import { sql, type Kysely, type Updateable } from 'kysely'
import type { Logger } from 'pino'
import webpush from 'web-push'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import type { PushDeliveriesTable } from './tables.ts'

/** A browser's push subscription as PushSubscription.toJSON() gives it. */
export interface SubscriptionInput {
  endpoint: string
  keys: { p256dh: string; auth: string }
}

export interface AlertInput {
  editionId: number
  sectionId: number | null
  /** The sections from the alert's section up to the top: subscribers to any of them get it. */
  sectionChain: number[]
  articleId: number | null
  entryId: number | null
  title: string
  body: string
  /** Site-relative or absolute URL the notification opens. */
  url: string
  sentBy: number | null
}

export interface AlertsTuning {
  /** Trust for the push services' TLS (tests run their own push service with its own certificate). */
  agent?: Agent
  /** Accept endpoints on loopback and private addresses (tests); refused by default. */
  allowPrivateEndpoints?: boolean
  /** Delivery attempts before giving up (default 6). */
  maxAttempts?: number
  /** First retry delay in ms, doubled each time (default 30 s). */
  retryMs?: number
  /** How long an alert stays worth delivering, in seconds (default 6 hours). */
  ttlSeconds?: number
}

const B64URL = /^[A-Za-z0-9_-]+$/

/** An endpoint the site will POST to: https, a host name or public address (no loopback or private ranges unless allowed). */
export function endpointProblem(endpoint: string, allowPrivate: boolean): string | undefined {
  let u: URL
  try {
    u = new URL(endpoint)
  } catch {
    return 'endpoint must be a URL'
  }
  if (u.protocol !== 'https:') return 'endpoint must be an https:// URL'
  if (u.username || u.password) return 'endpoint must not carry credentials'
  if (allowPrivate) return undefined
  const host = u.hostname.replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return 'endpoint must be a public push service'
  if (net.isIP(host)) {
    const list = new net.BlockList()
    for (const [a, p] of [
      ['10.0.0.0', 8],
      ['127.0.0.0', 8],
      ['169.254.0.0', 16],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['100.64.0.0', 10],
      ['0.0.0.0', 8],
    ] as const)
      list.addSubnet(a, p, 'ipv4')
    list.addSubnet('fc00::', 7, 'ipv6')
    list.addSubnet('fe80::', 10, 'ipv6')
    list.addAddress('::1', 'ipv6')
    if (list.check(host, net.isIP(host) === 6 ? 'ipv6' : 'ipv4')) return 'endpoint must be a public push service'
  }
  return undefined
}

/**
 * Breaking-news alerts over Web Push: subscriptions per edition and sections, the site's VAPID
 * keys (made once, shared by every node through the database), alerts queued one delivery per
 * subscription, and the worker that sends them (payload encrypted by the web-push library,
 * RFC 8291), retries with backoff, and drops subscriptions the push service says are gone.
 */
export function createAlertService(deps: { db: Kysely<DB>; now: () => Date; log: Logger; vapidSubject: string; tuning?: AlertsTuning }) {
  const { db, now, log } = deps
  const tuning = deps.tuning ?? {}
  const maxAttempts = tuning.maxAttempts ?? 6
  const retryMs = tuning.retryMs ?? 30_000
  const ttlSeconds = tuning.ttlSeconds ?? 6 * 3600
  let keys: Promise<{ publicKey: string; privateKey: string }> | undefined

  /** The site's VAPID key pair: read, or made and stored by the first node to need it. */
  function vapidKeys() {
    keys ??= (async () => {
      const found = await db.selectFrom('push_keys').select(['public_key', 'private_key']).executeTakeFirst()
      if (found) return { publicKey: found.public_key, privateKey: found.private_key }
      const made = webpush.generateVAPIDKeys()
      await db
        .insertInto('push_keys')
        .values({ public_key: made.publicKey, private_key: made.privateKey })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute()
      // another node may have stored its pair first: everyone uses the stored one
      const stored = await db.selectFrom('push_keys').select(['public_key', 'private_key']).executeTakeFirstOrThrow()
      return { publicKey: stored.public_key, privateKey: stored.private_key }
    })()
    keys.catch(() => (keys = undefined))
    return keys
  }

  async function subscribe(input: SubscriptionInput, editionId: number, sectionIds: number[]): Promise<number> {
    const problem =
      endpointProblem(input.endpoint, tuning.allowPrivateEndpoints === true) ??
      (!B64URL.test(input.keys.p256dh) || Buffer.from(input.keys.p256dh, 'base64url').length !== 65 || Buffer.from(input.keys.p256dh, 'base64url')[0] !== 4
        ? 'keys.p256dh must be an uncompressed P-256 public key (65 bytes, base64url)'
        : !B64URL.test(input.keys.auth) || Buffer.from(input.keys.auth, 'base64url').length !== 16
          ? 'keys.auth must be a 16-byte secret (base64url)'
          : undefined)
    if (problem)
      throw new AppError('VALIDATION_FAILED', {
        message: `This browser's subscription is not usable: ${problem}.`,
        fields: [{ field: 'subscription', message: problem }],
      })
    const row = await db
      .insertInto('push_subscriptions')
      .values({ endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, edition_id: editionId, section_ids: sectionIds })
      .onConflict((oc) =>
        oc.column('endpoint').doUpdateSet({ p256dh: input.keys.p256dh, auth: input.keys.auth, edition_id: editionId, section_ids: sectionIds }),
      )
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async function unsubscribe(endpoint: string): Promise<boolean> {
    const r = await db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).executeTakeFirst()
    return Number(r.numDeletedRows) > 0
  }

  /** Queues an alert for every subscription of its edition that takes its section (or every section). */
  async function send(a: AlertInput): Promise<{ id: number; recipients: number }> {
    const at = now()
    return db.transaction().execute(async (trx) => {
      const alert = await trx
        .insertInto('push_alerts')
        .values({
          edition_id: a.editionId,
          section_id: a.sectionId,
          article_id: a.articleId,
          entry_id: a.entryId,
          title: a.title,
          body: a.body,
          url: a.url,
          sent_by: a.sentBy,
          created_at: at,
          expires_at: new Date(at.getTime() + ttlSeconds * 1000),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const chain = a.sectionChain.length ? a.sectionChain : [0]
      const r = await sql<{ n: number }>`
        insert into push_deliveries (alert_id, subscription_id, next_attempt_at)
        select ${alert.id}, s.id, ${at}
          from push_subscriptions s
         where s.edition_id = ${a.editionId}
           and (cardinality(s.section_ids) = 0 or s.section_ids && ${sql.val(chain)}::integer[])
        on conflict do nothing`.execute(trx)
      const recipients = Number(r.numAffectedRows ?? 0)
      await trx.updateTable('push_alerts').set({ recipients }).where('id', '=', alert.id).execute()
      return { id: alert.id, recipients }
    })
  }

  /**
   * Sends the deliveries that are due (claimed with SKIP LOCKED, so several nodes share the queue
   * without sending one twice); returns how many were attempted.
   */
  async function deliverDue(limit = 50): Promise<number> {
    const at = now()
    // a claim holds the row for a minute: a node that dies mid-send leaves it to be retried
    const claimed = await sql<{
      id: number
      attempts: number
      subscription_id: number | null
      endpoint: string | null
      p256dh: string | null
      auth: string | null
      title: string
      body: string
      url: string
      alert_id: number
      expires_at: Date
    }>`
      with due as (
        select id from push_deliveries
         where status = 'queued' and next_attempt_at <= ${at}
         order by next_attempt_at
         limit ${limit}
         for update skip locked
      )
      update push_deliveries d
         set attempts = d.attempts + 1, next_attempt_at = ${new Date(at.getTime() + 60_000)}
        from due, push_alerts a, push_subscriptions s
       where d.id = due.id and a.id = d.alert_id and s.id = d.subscription_id
      returning d.id, d.attempts, d.subscription_id, s.endpoint, s.p256dh, s.auth, a.title, a.body, a.url, a.id as alert_id, a.expires_at`.execute(db)
    // deliveries whose subscription went away meanwhile
    await db.updateTable('push_deliveries').set({ status: 'gone' }).where('status', '=', 'queued').where('subscription_id', 'is', null).execute()
    if (claimed.rows.length === 0) return 0
    const vapid = await vapidKeys()
    await Promise.all(
      claimed.rows.map(async (d) => {
        const left = Math.floor((d.expires_at.getTime() - now().getTime()) / 1000)
        const set = (values: Updateable<PushDeliveriesTable>) => db.updateTable('push_deliveries').set(values).where('id', '=', d.id).execute()
        if (left <= 0) return set({ status: 'expired' })
        const payload = JSON.stringify({ title: d.title, body: d.body, url: d.url, tag: `alert-${d.alert_id}` })
        try {
          const res = await webpush.sendNotification({ endpoint: d.endpoint!, keys: { p256dh: d.p256dh!, auth: d.auth! } }, payload, {
            vapidDetails: { subject: deps.vapidSubject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
            TTL: left,
            urgency: 'high',
            contentEncoding: 'aes128gcm',
            timeout: 10_000,
            ...(tuning.agent ? { agent: tuning.agent } : {}),
          })
          await set({ status: 'sent', sent_at: now(), last_status: res.statusCode, last_error: null })
          await db.updateTable('push_subscriptions').set({ last_sent_at: now() }).where('id', '=', d.subscription_id!).execute()
        } catch (err) {
          const status = (err as { statusCode?: number }).statusCode
          const message = String((err as Error).message ?? err).slice(0, 500)
          if (status === 404 || status === 410) {
            // the browser unsubscribed or the subscription expired: forget it (its deliveries keep the record)
            await set({ status: 'gone', last_status: status, last_error: message })
            await db.deleteFrom('push_subscriptions').where('id', '=', d.subscription_id!).execute()
            log.info({ subscription: d.subscription_id, status }, 'push subscription gone: removed')
            return
          }
          const retryable = status === undefined || status === 429 || status >= 500
          if (!retryable || d.attempts >= maxAttempts) {
            await set({ status: 'failed', last_status: status ?? null, last_error: message })
            log.warn({ delivery: d.id, status, err: message }, 'push delivery failed')
            return
          }
          await set({ next_attempt_at: new Date(now().getTime() + retryMs * 2 ** (d.attempts - 1)), last_status: status ?? null, last_error: message })
        }
      }),
    )
    return claimed.rows.length
  }

  async function recentAlerts(limit = 20) {
    return db
      .selectFrom('push_alerts as a')
      .leftJoin('accounts as u', 'u.id', 'a.sent_by')
      .select((eb) => [
        'a.id',
        'a.title',
        'a.url',
        'a.created_at',
        'a.recipients',
        'u.display_name',
        eb
          .selectFrom('push_deliveries as d')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('d.alert_id', '=', 'a.id')
          .where('d.status', '=', 'sent')
          .as('sent'),
        eb
          .selectFrom('push_deliveries as d')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('d.alert_id', '=', 'a.id')
          .where('d.status', '=', 'gone')
          .as('gone'),
        eb
          .selectFrom('push_deliveries as d')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('d.alert_id', '=', 'a.id')
          .where('d.status', '=', 'queued')
          .as('queued'),
      ])
      .orderBy('a.id', 'desc')
      .limit(limit)
      .execute()
  }

  return { vapidKeys, subscribe, unsubscribe, send, deliverDue, recentAlerts }
}

export type AlertService = ReturnType<typeof createAlertService>
