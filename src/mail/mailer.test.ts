import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import pino from 'pino'
import { closeTemplate, databaseKinds, openTestDatabase } from '../../test/support/databases.ts'
import { startSmtp } from '../../test/support/smtp.ts'
import { createMailer, MAIL_MAX_ATTEMPTS, retryDelayMs } from './mailer.ts'
import { renderMail } from './render.ts'

const log = pino({ level: 'silent' })

function message(to: string, subject = 'Hello') {
  return { kind: 'test', to, ...renderMail({ lang: 'en', dir: 'ltr', subject, greeting: 'Hi,', paragraphs: ['Body'], footer: 'Footer' }) }
}

for (const kind of databaseKinds()) {
  describe(`the mail queue on ${kind}`, () => {
    test('a refused message is retried with growing delays and sent; a permanent refusal is not retried; bodies are cleared', async () => {
      const database = await openTestDatabase(kind)
      const smtp = await startSmtp()
      let now = Date.parse('2026-11-30T10:00:00Z')
      const mailer = createMailer({ db: database.db, config: { smtpUrl: new URL(smtp.url), mailFrom: 'desk@dateline.test' }, log, now: () => new Date(now) })
      try {
        smtp.refuseNext(2, 451)
        const id = await mailer.enqueue(message('a@readers.test'))
        await mailer.runDue()
        const row = () => database.db.selectFrom('mail_queue').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
        let r = await row()
        assert.equal(r.status, 'queued')
        assert.equal(r.attempts, 1)
        assert.equal(r.next_attempt_at.getTime(), now + retryDelayMs(1))
        assert.match(r.last_error ?? '', /451/)
        assert.equal(await mailer.runDue(), 0, 'not before its time')
        now += retryDelayMs(1)
        await mailer.runDue()
        r = await row()
        assert.equal(r.attempts, 2)
        assert.equal(r.next_attempt_at.getTime(), now + retryDelayMs(2))
        assert.ok(retryDelayMs(2) > retryDelayMs(1))
        now += retryDelayMs(2)
        await mailer.runDue()
        r = await row()
        assert.equal(r.status, 'sent')
        assert.equal(r.attempts, 3)
        assert.equal(r.text_body, '', 'a sent message keeps no body (it held a single-use link)')
        assert.equal((await smtp.waitFor((m) => m.to.includes('a@readers.test'))).subject, 'Hello')

        smtp.refuseNext(1, 550)
        const bounced = await mailer.enqueue(message('gone@readers.test'))
        await mailer.runDue()
        const b = await database.db.selectFrom('mail_queue').selectAll().where('id', '=', bounced).executeTakeFirstOrThrow()
        assert.equal(b.status, 'failed')
        assert.equal(b.attempts, 1)

        const log = await mailer.findLog()
        assert.deepEqual(
          log.map((e) => [e.to, e.status]),
          [
            ['gone@readers.test', 'failed'],
            ['a@readers.test', 'sent'],
          ],
        )
        assert.ok(!('text' in log[0]!) && !('html' in log[0]!), 'the log never shows bodies')
        assert.equal(retryDelayMs(MAIL_MAX_ATTEMPTS), 6 * 3600_000, 'delays stop growing at 6 hours')
      } finally {
        await mailer.stop()
        await smtp.close()
        await database.close()
      }
    })

    test('mail queued while the SMTP server is down survives a restart and is sent by the next process', async () => {
      const database = await openTestDatabase(kind)
      const down = await startSmtp()
      const deadUrl = new URL(down.url)
      await down.close() // nothing listens there now
      let now = Date.parse('2026-11-30T10:00:00Z')
      const clock = () => new Date(now)
      const first = createMailer({ db: database.db, config: { smtpUrl: deadUrl, mailFrom: 'desk@dateline.test' }, log, now: clock })
      await first.enqueue(message('patient@readers.test', 'Kept across a restart'))
      await first.runDue()
      await first.stop()
      const kept = await database.db.selectFrom('mail_queue').select(['status', 'attempts']).executeTakeFirstOrThrow()
      assert.deepEqual(kept, { status: 'queued', attempts: 1 })

      const smtp = await startSmtp()
      const second = createMailer({ db: database.db, config: { smtpUrl: new URL(smtp.url), mailFrom: 'desk@dateline.test' }, log, now: clock }, { pollMs: 50 })
      try {
        now += retryDelayMs(1)
        second.start()
        const got = await smtp.waitFor((m) => m.subject === 'Kept across a restart')
        assert.deepEqual(got.to, ['patient@readers.test'])
      } finally {
        await second.stop()
        await smtp.close()
        await database.close()
      }
    })

    test('two nodes sending at once send each message once (FOR UPDATE SKIP LOCKED)', async () => {
      const database = await openTestDatabase(kind)
      const smtp = await startSmtp()
      const config = { smtpUrl: new URL(smtp.url), mailFrom: 'desk@dateline.test' }
      const a = createMailer({ db: database.db, config, log, now: () => new Date() })
      const b = createMailer({ db: database.db, config, log, now: () => new Date() })
      try {
        for (let i = 0; i < 6; i++)
          await database.db
            .insertInto('mail_queue')
            .values({
              kind: 'test',
              to_address: `r${i}@readers.test`,
              subject: `m${i}`,
              text_body: 'x',
              html_body: '<p>x</p>',
              next_attempt_at: new Date(),
              created_at: new Date(),
            })
            .execute()
        await Promise.all([a.runDue(), b.runDue()])
        for (let i = 0; i < 6; i++) await smtp.waitFor((m) => m.subject === `m${i}`)
        await new Promise((r) => setTimeout(r, 200))
        assert.equal(smtp.messages.length, 6)
      } finally {
        await a.stop()
        await b.stop()
        await smtp.close()
        await database.close()
      }
    })
  })
}

test('a mail’s HTML escapes what it is given exactly once; the text part keeps it as typed', () => {
  const m = renderMail({
    lang: 'ar',
    dir: 'rtl',
    subject: 'Reset <now>',
    greeting: 'مرحبا <b>Ali</b> & "co"',
    paragraphs: ['<script>alert(1)</script>'],
    action: { label: 'Go', url: 'https://dateline.test/account/reset-password?token=a&b=c' },
    copyHint: 'Copy:',
    footer: 'Footer',
  })
  assert.match(m.html, /<html lang="ar" dir="rtl">/)
  assert.match(m.html, /مرحبا &lt;b&gt;Ali&lt;\/b&gt; &amp; &quot;co&quot;/)
  assert.match(m.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
  assert.doesNotMatch(m.html, /<script>|&amp;lt;/)
  assert.match(m.html, /href="https:\/\/dateline\.test\/account\/reset-password\?token=a&amp;b=c"/)
  assert.match(m.text, /^مرحبا <b>Ali<\/b> & "co"$/m)
  assert.match(m.text, /^https:\/\/dateline\.test\/account\/reset-password\?token=a&b=c$/m)
})

after(closeTemplate)
