import type { Kysely } from 'kysely'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import type { DB } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'
import type { MailStatus } from './tables.ts'

/** A message to send: plain text and HTML, both made by the caller (see render.ts). */
export interface OutgoingMail {
  /** What it is, for the mail log ("verify_email", "reset_password", "new_device"). */
  kind: string
  to: string
  subject: string
  text: string
  html: string
}

export interface MailLogEntry {
  id: number
  kind: string
  to: string
  subject: string
  status: MailStatus
  attempts: number
  lastError: string | null
  createdAt: Date
  sentAt: Date | null
  nextAttemptAt: Date
}

/** Tries after a failure: 30 s, 90 s, 4.5 min, … times 3 each time, at most 6 hours apart. */
export const MAIL_MAX_ATTEMPTS = 8
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 3 ** Math.max(0, attempts - 1), 6 * 3600_000)
}
/** How long a node may hold a message it is sending before another may take it (a node that died). */
const CLAIM_MS = 2 * 60_000
export const NO_SMTP = 'not sent: no SMTP configured'

export interface MailerOptions {
  /** How often the queue is read for mail whose time has come (default 5 s). */
  pollMs?: number
}

/**
 * Outgoing mail through SMTP (nodemailer). Messages are written to `mail_queue` first, in the
 * caller's transaction when it gives one, and sent by whichever node claims them (FOR UPDATE SKIP
 * LOCKED), so nothing is lost in a restart; failures are retried with growing delays, permanent
 * refusals (5xx) are not. Without SMTP_URL messages are logged as not sent. Bodies are cleared once
 * a message is done with, since they hold single-use links.
 */
export function createMailer(
  deps: { db: Kysely<DB>; config: Pick<Config, 'smtpUrl' | 'mailFrom'>; log: Logger; now: () => Date },
  options: MailerOptions = {},
) {
  const { db, config, log } = deps
  const transport: Transporter | undefined = config.smtpUrl
    ? nodemailer.createTransport({
        url: config.smtpUrl.href,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      } as Parameters<typeof nodemailer.createTransport>[0])
    : undefined
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | undefined
  let again = false
  let stopped = true

  async function sendOne(row: { id: number; to_address: string; subject: string; text_body: string; html_body: string; attempts: number }) {
    const attempts = row.attempts + 1
    try {
      const info = await transport!.sendMail({ from: config.mailFrom, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body })
      await db
        .updateTable('mail_queue')
        .set({
          status: 'sent',
          attempts,
          sent_at: deps.now(),
          message_id: String(info.messageId ?? '').slice(0, 300),
          locked_until: null,
          last_error: null,
          text_body: '',
          html_body: '',
        })
        .where('id', '=', row.id)
        .execute()
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode
      const permanent = typeof code === 'number' && code >= 500 && code < 600
      const giveUp = permanent || attempts >= MAIL_MAX_ATTEMPTS
      const message = String((err as Error).message ?? err).slice(0, 500)
      log.warn({ mailId: row.id, attempts, err: message }, giveUp ? 'mail failed: giving up' : 'mail failed: will retry')
      await db
        .updateTable('mail_queue')
        .set({
          attempts,
          last_error: message,
          locked_until: null,
          next_attempt_at: new Date(deps.now().getTime() + retryDelayMs(attempts)),
          ...(giveUp ? { status: 'failed' as const, text_body: '', html_body: '' } : {}),
        })
        .where('id', '=', row.id)
        .execute()
    }
  }

  /** Claims due messages (on exactly one node each) and sends them; the number tried. */
  async function runDue(limit = 20): Promise<number> {
    if (!transport) return 0
    const now = deps.now()
    const claimed = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('mail_queue')
        .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'attempts'])
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute()
      if (due.length)
        await trx
          .updateTable('mail_queue')
          .set({ locked_until: new Date(now.getTime() + CLAIM_MS) })
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .execute()
      return due
    })
    for (const row of claimed) await sendOne(row)
    return claimed.length
  }

  /** Runs the queue now, once at a time; a request while it runs makes it run again after. */
  function kick(): void {
    if (!transport || stopped) return
    if (running) {
      again = true
      return
    }
    running = runDue()
      .catch((err) => {
        log.error({ err }, 'the mail queue could not be read')
        return 0
      })
      .finally(() => {
        running = undefined
        if (again) {
          again = false
          kick()
        }
      })
  }

  return {
    /** Whether mail can actually be sent (SMTP_URL is set). */
    configured: transport !== undefined,

    /** Queues a message (in `trx` when given, so it is sent only if the caller's work commits). */
    async enqueue(mail: OutgoingMail, trx?: Queryable): Promise<number> {
      const r = await (trx ?? db)
        .insertInto('mail_queue')
        .values({
          kind: mail.kind.slice(0, 40),
          to_address: mail.to,
          subject: mail.subject.slice(0, 300),
          text_body: transport ? mail.text : '',
          html_body: transport ? mail.html : '',
          created_at: deps.now(),
          next_attempt_at: deps.now(),
          ...(transport ? {} : { status: 'not_sent' as const, last_error: NO_SMTP }),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (!transport) log.warn({ mailId: r.id, kind: mail.kind }, NO_SMTP)
      // sent when the caller's transaction has committed: the next run (or this kick) finds it
      else if (!trx) kick()
      return r.id
    },

    kick,
    runDue,

    /** The mail log, newest first: who, what, when and how it went (never the bodies). */
    async findLog(query: { limit?: number; offset?: number; status?: MailStatus } = {}): Promise<MailLogEntry[]> {
      let q = db
        .selectFrom('mail_queue')
        .select(['id', 'kind', 'to_address', 'subject', 'status', 'attempts', 'last_error', 'created_at', 'sent_at', 'next_attempt_at'])
      if (query.status) q = q.where('status', '=', query.status)
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit ?? 100)
        .offset(query.offset ?? 0)
        .execute()
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        to: r.to_address,
        subject: r.subject,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: r.created_at,
        sentAt: r.sent_at,
        nextAttemptAt: r.next_attempt_at,
      }))
    },

    /** Sends due mail every pollMs (and at once when mail is queued) until stop(). */
    start(): void {
      if (!transport || !stopped) return
      stopped = false
      const tick = () => {
        kick()
        timer = setTimeout(tick, options.pollMs ?? 5000)
        timer.unref()
      }
      tick()
    },

    async stop(): Promise<void> {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
      transport?.close()
    },
  }
}

export type Mailer = ReturnType<typeof createMailer>
