import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** A message the test SMTP server accepted, parsed by mailparser (an independent reader of what we sent). */
export interface ReceivedMail {
  from: string
  to: string[]
  parsed: ParsedMail
  subject: string
  text: string
  html: string
}

export interface TestSmtp {
  url: string
  port: number
  messages: ReceivedMail[]
  /** Refuse the next `n` messages with this SMTP reply code (451: try later; 550: never). */
  refuseNext(n: number, code?: number): void
  /** The first message (after those already taken) for which `match` is true; waits up to `ms`. */
  waitFor(match: (m: ReceivedMail) => boolean, ms?: number): Promise<ReceivedMail>
  close(): Promise<void>
}

/** A real SMTP server on a loopback port (smtp-server), keeping every message it is given. */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const messages: ReceivedMail[] = []
  const waiters = new Set<() => void>()
  let refuse = 0
  let refuseCode = 451
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        if (refuse > 0) {
          refuse--
          const err = Object.assign(new Error(refuseCode >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: refuseCode })
          return callback(err)
        }
        void simpleParser(Buffer.concat(chunks)).then((parsed) => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            parsed,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          })
          for (const w of waiters) w()
          callback()
        }, callback)
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const actual = (server.server.address() as AddressInfo).port
  const taken = new Set<ReceivedMail>()
  return {
    url: `smtp://127.0.0.1:${actual}`,
    port: actual,
    messages,
    refuseNext(n, code = 451) {
      refuse = n
      refuseCode = code
    },
    waitFor(match, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = messages.find((x) => !taken.has(x) && match(x))
          if (!m) return false
          taken.add(m)
          waiters.delete(check)
          clearTimeout(timer)
          resolve(m)
          return true
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no matching mail within ${ms} ms (received: ${messages.map((x) => `${x.to.join(',')}: ${x.subject}`).join('; ') || 'none'})`))
        }, ms)
        if (!check()) waiters.add(check)
      })
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The first link in a mail's plain text that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const found = mail.text.split(/\s+/).find((w) => w.startsWith(prefix))
  if (!found) throw new Error(`no link starting ${prefix} in: ${mail.text}`)
  return found
}
