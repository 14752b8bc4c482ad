import { html, type SafeHtml } from '../web/html.ts'

/** What an account mail says: its parts are plain text, escaped once into the HTML version. */
export interface MailContent {
  /** The document language and direction (the edition's). */
  lang: string
  dir: 'ltr' | 'rtl'
  subject: string
  greeting: string
  paragraphs: string[]
  action?: { label: string; url: string }
  /** "If the button does not work, copy this address:" */
  copyHint?: string
  footer: string
}

/** The plain-text and HTML bodies of a mail. Every text is escaped exactly once (by `html`). */
export function renderMail(c: MailContent): { subject: string; text: string; html: string } {
  const text = [c.greeting, '', ...c.paragraphs.flatMap((p) => [p, '']), ...(c.action ? [c.action.url, ''] : []), '-- ', c.footer, ''].join('\n')
  const button: SafeHtml | '' = c.action
    ? html`<p style="margin:24px 0"><a href="${c.action.url}" style="background:#0b3d91;color:#ffffff;padding:10px 18px;text-decoration:none;border-radius:4px;display:inline-block">${c.action.label}</a></p>
${c.copyHint ? html`<p style="font-size:13px;color:#555">${c.copyHint}<br><a href="${c.action.url}" style="word-break:break-all">${c.action.url}</a></p>` : ''}`
    : ''
  const body = html`<!doctype html>
<html lang="${c.lang}" dir="${c.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${c.subject}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;line-height:1.5;color:#111;max-width:36em;margin:0 auto;padding:16px">
<p>${c.greeting}</p>
${c.paragraphs.map((p) => html`<p>${p}</p>`)}
${button}
<hr style="border:0;border-top:1px solid #ddd;margin-top:32px">
<p style="font-size:13px;color:#555">${c.footer}</p>
</body>
</html>`
  return { subject: c.subject, text, html: body.value }
}
