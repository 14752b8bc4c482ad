import type { EditionContexts } from '../content/edition-context.ts'
import type { Queryable } from '../db/types.ts'
import type { Mailer } from '../mail/mailer.ts'
import { renderMail } from '../mail/render.ts'
import { translatorFor, type MessageKey } from '../web/i18n.ts'

/** Who a mail goes to. */
export interface Recipient {
  email: string
  displayName: string
  kind: 'staff' | 'reader'
}

/**
 * The mail accounts send: address verification, password reset, new-device notices. Each is in
 * the language of the edition the request was for (readers on /ru/ get Russian, with links that
 * keep the /ru prefix); staff mail links to the newsroom.
 */
export function createAccountMail(deps: { mailer: Mailer; editions: EditionContexts; siteUrl: string }) {
  const { mailer } = deps

  async function compose(
    to: Recipient,
    o: { kind: string; subject: MessageKey; lines: string[]; action?: { label: MessageKey; path: string }; footerExtra?: MessageKey },
    trx?: Queryable,
  ) {
    const { edition } = await deps.editions.get()
    const tr = translatorFor(edition)
    const site = edition.name
    // staff pages are not per edition; readers' pages keep the edition they were asked from
    const base = `${deps.siteUrl}${to.kind === 'staff' ? '' : edition.prefix}`
    const mail = renderMail({
      lang: tr.lang,
      dir: tr.dir,
      subject: tr.t(o.subject, { site }).replace(/[\r\n]+/g, ' '),
      greeting: tr.t('mail.greeting', { name: to.displayName }),
      paragraphs: o.lines,
      ...(o.action ? { action: { label: tr.t(o.action.label), url: `${base}${o.action.path}` }, copyHint: tr.t('mail.copyHint') } : {}),
      footer: [tr.t('mail.footer', { site, email: to.email }), o.footerExtra ? tr.t(o.footerExtra) : ''].filter(Boolean).join(' '),
    })
    return mailer.enqueue({ kind: o.kind, to: to.email, ...mail }, trx)
  }

  const t = async () => {
    const { edition } = await deps.editions.get()
    return { tr: translatorFor(edition), site: edition.name }
  }

  return {
    /** Whether mail is really sent (SMTP is configured); pages that depend on it say so when not. */
    get available(): boolean {
      return mailer.configured
    },

    async verifyEmail(to: Recipient, token: string, trx?: Queryable): Promise<number> {
      const { tr, site } = await t()
      return compose(
        to,
        {
          kind: 'verify_email',
          subject: 'mail.verify.subject',
          lines: [tr.t('mail.verify.body', { email: to.email }), tr.t('mail.verify.ignore', { site })],
          action: { label: 'mail.verify.button', path: `/account/verify?token=${encodeURIComponent(token)}` },
        },
        trx,
      )
    },

    async resetPassword(to: Recipient, token: string): Promise<number> {
      const { tr, site } = await t()
      const path = to.kind === 'staff' ? '/newsroom/reset-password' : '/account/reset-password'
      return compose(to, {
        kind: 'reset_password',
        subject: 'mail.reset.subject',
        lines: [tr.t('mail.reset.body', { site }), tr.t('mail.reset.ignore')],
        action: { label: 'mail.reset.button', path: `${path}?token=${encodeURIComponent(token)}` },
      })
    },

    async newDevice(to: Recipient, d: { at: Date; ip: string; userAgent: string }): Promise<number> {
      const { tr } = await t()
      return compose(to, {
        kind: 'new_device',
        subject: 'mail.device.subject',
        lines: [
          tr.t('mail.device.body', { time: tr.timestamp(d.at) }),
          tr.t('mail.device.agent', { agent: d.userAgent.slice(0, 200) || '—' }),
          tr.t('mail.device.address', { ip: d.ip }),
          tr.t('mail.device.advice'),
        ],
        action: { label: 'mail.device.button', path: to.kind === 'staff' ? '/newsroom/account' : '/account' },
        footerExtra: 'mail.device.off',
      })
    },
  }
}

export type AccountMail = ReturnType<typeof createAccountMail>
