import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { cookieName, cookieOptions, SESSION_COOKIE } from '../accounts/auth-plugin.ts'
import { SESSION_DAYS } from '../accounts/auth-service.ts'
import { createAccountStore } from '../accounts/account-store.ts'
import { recordAudit } from '../accounts/audit.ts'
import { hashPassword, passwordProblem, verifyPassword } from '../accounts/passwords.ts'
import { isAppError } from '../errors.ts'
import { html, type HtmlValue } from '../web/html.ts'
import { NEWSROOM_LANGUAGES } from '../web/i18n.ts'
import type { NewsroomContext } from './context.ts'
import type { FormBody } from './form.ts'
import { sendPage } from '../web/responses.ts'
import { csrfField, field, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'

type FrameFn = (request: FastifyRequest, reply: FastifyReply, title: string, current?: string, flash?: NewsroomFrame['flash']) => NewsroomFrame
const Form = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 1000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 5 })]))
const Done = Type.Object({ done: Type.Optional(Type.String({ maxLength: 40 })) })
// the pages where an account that must first change its password (or set up two-factor) does so
const OPEN = { policy: 'staff' as const, whileRestricted: true }

const DONE: Record<string, string> = {
  password: 'Your password is changed. Every other browser was signed out.',
  'signed-out': 'Every other browser was signed out.',
  notifications: 'Your notification setting is saved.',
  language: 'The newsroom now speaks your chosen language.',
  'two-factor-off': 'Two-factor sign-in is off.',
}

type Errors = { current?: string; next?: string; code?: string; password?: string }

/** "Your account": password, two-factor sign-in, new-device notices, signing out everywhere else. */
export async function accountPages(root: FastifyInstance, o: { ctx: NewsroomContext; frame: FrameFn }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx, frame } = o

  /**
   * A new session id for this browser after its credentials change (the old id stops working, so
   * one learnt before the change is worth nothing); `everywhere` signs every other browser out too.
   */
  const renewSession = async (request: FastifyRequest, reply: FastifyReply, everywhere: boolean): Promise<number> => {
    const who = request.auth!.principal
    const found = (await createAccountStore(ctx.db).getAccount(who.id))!
    let ended = 0
    if (everywhere) ended = await ctx.auth.endAllSessions(who.id)
    else if (request.auth?.sessionToken) await ctx.auth.endSession(request.auth.sessionToken)
    if (request.auth?.via !== 'session') return ended
    const s = await ctx.auth.startSession(found, request.headers['user-agent'] ?? '')
    reply.setCookie(cookieName(ctx.config, SESSION_COOKIE), s.token, cookieOptions(ctx.config, SESSION_DAYS * 86400))
    // the page answered now carries the new session's CSRF token
    request.auth = { ...request.auth, csrfToken: s.csrfToken, sessionToken: s.token }
    return ended
  }

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Errors; flash?: NewsroomFrame['flash']; recoveryCodes?: string[] } = {},
    status = 200,
  ) => {
    const f = frame(request, reply, 'Your account', '/newsroom/account', extra.flash)
    const account = (await createAccountStore(ctx.db).getAccount(f.who!.id))!
    const restriction = request.auth?.restriction
    const e = extra.errors ?? {}
    let twoFactor: HtmlValue
    if (extra.recoveryCodes) {
      twoFactor = html`<div class="nr-panel" role="status"><p><strong>Keep these recovery codes somewhere safe.</strong> Each signs you in once if you lose your phone. They are shown only now.</p>
<ul class="nr-codes">${extra.recoveryCodes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
<p><a href="/newsroom/account">Done</a></p></div>`
    } else if (account.twoFactor) {
      const left = await ctx.twoFactor.countRecoveryCodes(account.id)
      twoFactor = html`<p>Two-factor sign-in is <strong>on</strong>. ${left} unused recovery code${left === 1 ? '' : 's'} left.</p>
<form method="post" action="/newsroom/account/two-factor/recovery-codes" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  ${field({ name: 'code', label: 'Code from your app', error: e.code, required: true, attrs: html`autocomplete="one-time-code" inputmode="numeric" maxlength="6"` })}
  <button type="submit" class="nr-button">Make new recovery codes</button>
</form>
${
  ctx.config.adminTwoFactor === 'required' && account.role === 'admin'
    ? html`<p>Administrators must keep two-factor sign-in on here.</p>`
    : html`<form method="post" action="/newsroom/account/two-factor/disable" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  ${field({ name: 'password', label: 'Your password', type: 'password', error: e.password, required: true, attrs: html`autocomplete="current-password"` })}
  ${field({ name: 'code', label: 'Code from your app, or a recovery code', id: 'f-disable-code', required: true, attrs: html`autocomplete="one-time-code"` })}
  <button type="submit" class="nr-button">Turn two-factor sign-in off</button>
</form>`
}`
    } else {
      const setup = await ctx.twoFactor.beginSetup(account.id)
      twoFactor = html`<p>Two-factor sign-in is <strong>off</strong>. With it on, signing in takes your password and a code from an authenticator app on your phone (any app that follows RFC 6238: FreeOTP, Aegis, Google Authenticator, 1Password…).</p>
<ol>
  <li>In the app, add an account with this key: <code class="nr-secret" data-totp-secret>${setup.secret.match(/.{1,4}/g)!.join(' ')}</code>
    (or open this setup address with it: <code class="nr-uri" data-totp-uri>${setup.uri}</code>)</li>
  <li>Type the 6-digit code it shows:</li>
</ol>
<form method="post" action="/newsroom/account/two-factor" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  ${field({ name: 'code', label: 'Code from your app', error: e.code, required: true, attrs: html`autocomplete="one-time-code" inputmode="numeric" maxlength="6"` })}
  <button type="submit" class="nr-button nr-button--primary">Turn two-factor sign-in on</button>
</form>`
    }
    return sendPage(
      reply,
      newsroomLayout(
        f,
        html`<h1>Your account</h1>
${
  restriction === 'change_password'
    ? html`<p class="flash flash--error" role="alert" id="account-required">You signed in with a one-time password. Choose a new password before doing anything else.</p>`
    : restriction === 'set_up_two_factor'
      ? html`<p class="flash flash--error" role="alert" id="account-required">Administrators on this site must use two-factor sign-in. Set it up below before doing anything else.</p>`
      : ''
}
<p>${account.displayName} · ${account.email} · ${account.role}</p>
<h2 id="password">${restriction === 'change_password' ? 'Choose a new password' : 'Change your password'}</h2>
<form method="post" action="/newsroom/account/password" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  ${field({ name: 'current', label: restriction === 'change_password' ? 'One-time password' : 'Current password', type: 'password', error: e.current, required: true, attrs: html`autocomplete="current-password"` })}
  ${field({ name: 'next', label: 'New password', type: 'password', error: e.next, hint: 'At least 10 characters.', required: true, attrs: html`autocomplete="new-password"` })}
  <button type="submit" class="nr-button nr-button--primary">Change password</button>
</form>
${
  restriction === 'change_password'
    ? ''
    : html`<h2 id="two-factor">Two-factor sign-in</h2>
${twoFactor}
<h2 id="language">Newsroom language</h2>
<form method="post" action="/newsroom/account/language" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  <div class="nr-field"><label for="f-language">Language of the newsroom's menus, forms and messages</label>
  <select id="f-language" name="language">
    <option value=""${account.language ? '' : html` selected`}>Your browser's language (${f.tr.t('nr.languageName')})</option>
    ${NEWSROOM_LANGUAGES.map((l) => html`<option value="${l.code}" lang="${l.code}"${account.language === l.code ? html` selected` : ''}>${l.name}</option>`)}
  </select></div>
  <button type="submit" class="nr-button">Save</button>
</form>
<h2>New-device notices</h2>
<form method="post" action="/newsroom/account/notifications" class="nr-form">${csrfField(f.csrfToken)}
  <p><label><input type="checkbox" name="notifyNewDevice" value="on"${account.notifyNewDevice ? html` checked` : ''}> E-mail me when my account is signed in to from a new browser</label></p>
  ${ctx.mailAvailable() ? '' : html`<p class="nr-hint">This site cannot send e-mail at the moment (no mail server is configured: SMTP_URL), so no notice will arrive.</p>`}
  <button type="submit" class="nr-button">Save</button>
</form>
<h2>Sessions</h2>
<form method="post" action="/newsroom/account/sign-out-everywhere">${csrfField(f.csrfToken)}<button type="submit" class="nr-button">Sign out everywhere else</button></form>`
}`,
      ),
      status,
    )
  }

  app.get('/newsroom/account', { config: OPEN, schema: { querystring: Done } }, async (request, reply) => {
    const text = request.query.done ? DONE[request.query.done] : undefined
    return show(request, reply, text ? { flash: { kind: 'ok', text } } : {})
  })

  app.post('/newsroom/account/password', { config: OPEN, schema: { body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const who = request.auth!.principal
    const found = await createAccountStore(ctx.db).findAccountByEmail(who.email)
    if (!found || !(await verifyPassword(found.passwordHash, String(b.current ?? ''))))
      return show(request, reply, { errors: { current: 'That is not your current password.' } }, 400)
    const problem = passwordProblem(String(b.next ?? '')) ?? (b.next === b.current ? 'Choose a password different from the one you have now.' : undefined)
    if (problem) return show(request, reply, { errors: { next: problem } }, 400)
    await createAccountStore(ctx.db).updateAccount(who.id, { passwordHash: await hashPassword(String(b.next)), mustChangePassword: false })
    // a new password ends every session, then this browser gets a fresh one
    await renewSession(request, reply, true)
    await recordAudit(ctx.db, {
      actorId: who.id,
      action: 'account.change_password',
      subjectType: 'account',
      subjectId: who.id,
      detail: found.mustChangePassword ? { oneTimePassword: true } : {},
      at: ctx.now(),
    })
    return reply.redirect('/newsroom/account?done=password', 303)
  })

  app.post('/newsroom/account/two-factor', { config: OPEN, schema: { body: Form } }, async (request, reply) => {
    try {
      const codes = await ctx.twoFactor.confirmSetup(request.auth!.principal.id, String((request.body as FormBody).code ?? ''))
      // sessions begun with the password alone end: the account now needs both
      await renewSession(request, reply, true)
      return show(request, reply, { recoveryCodes: codes, flash: { kind: 'ok', text: 'Two-factor sign-in is on. Every other browser was signed out.' } })
    } catch (e) {
      if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e
      return show(request, reply, { errors: { code: e.fields[0]?.message ?? e.publicMessage } }, 400)
    }
  })

  app.post('/newsroom/account/two-factor/recovery-codes', { config: OPEN, schema: { body: Form } }, async (request, reply) => {
    try {
      const codes = await ctx.twoFactor.regenerateRecoveryCodes(request.auth!.principal.id, String((request.body as FormBody).code ?? ''))
      return show(request, reply, { recoveryCodes: codes, flash: { kind: 'ok', text: 'New recovery codes made; the old ones no longer work.' } })
    } catch (e) {
      if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e
      return show(request, reply, { errors: { code: e.fields[0]?.message ?? e.publicMessage } }, 400)
    }
  })

  app.post('/newsroom/account/two-factor/disable', { config: OPEN, schema: { body: Form } }, async (request, reply) => {
    const who = request.auth!.principal
    if (ctx.config.adminTwoFactor === 'required' && who.role === 'admin')
      return show(request, reply, { flash: { kind: 'error', text: 'Administrators must keep two-factor sign-in on (ADMIN_TWO_FACTOR=required).' } }, 409)
    const b = request.body as FormBody
    try {
      await ctx.twoFactor.disable(who.id, { actorId: who.id, password: String(b.password ?? ''), code: String(b.code ?? '') })
    } catch (e) {
      if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e
      const errors = Object.fromEntries(e.fields.map((x) => [x.field, x.message]))
      return show(request, reply, { errors, flash: { kind: 'error', text: e.fields.map((x) => x.message).join(' ') } }, 400)
    }
    await renewSession(request, reply, false)
    return reply.redirect('/newsroom/account?done=two-factor-off', 303)
  })

  app.post('/newsroom/account/notifications', { config: { policy: 'staff' }, schema: { body: Form } }, async (request, reply) => {
    const who = request.auth!.principal
    const on = (request.body as FormBody).notifyNewDevice === 'on'
    await createAccountStore(ctx.db).updateAccount(who.id, { notifyNewDevice: on })
    await recordAudit(ctx.db, {
      actorId: who.id,
      action: 'account.notify_new_device',
      subjectType: 'account',
      subjectId: who.id,
      detail: { on },
      at: ctx.now(),
    })
    return reply.redirect('/newsroom/account?done=notifications', 303)
  })

  app.post('/newsroom/account/language', { config: { policy: 'staff' }, schema: { body: Form } }, async (request, reply) => {
    const who = request.auth!.principal
    const asked = (request.body as FormBody).language
    if (asked !== undefined && typeof asked !== 'string') return show(request, reply, { flash: { kind: 'error', text: 'Choose one language.' } }, 400)
    const language = asked ? NEWSROOM_LANGUAGES.find((l) => l.code === asked)?.code : null
    if (language === undefined)
      return show(request, reply, { flash: { kind: 'error', text: `The newsroom has no language "${asked}". Choose one of the list.` } }, 400)
    await createAccountStore(ctx.db).updateAccount(who.id, { language })
    await recordAudit(ctx.db, { actorId: who.id, action: 'account.language', subjectType: 'account', subjectId: who.id, detail: { language }, at: ctx.now() })
    return reply.redirect('/newsroom/account?done=language', 303)
  })

  app.post('/newsroom/account/sign-out-everywhere', { config: { policy: 'staff' }, schema: { body: Form } }, async (request, reply) => {
    const who = request.auth!.principal
    const ended = await renewSession(request, reply, true)
    await recordAudit(ctx.db, {
      actorId: who.id,
      action: 'account.sign_out_everywhere',
      subjectType: 'account',
      subjectId: who.id,
      detail: { sessions: ended },
      at: ctx.now(),
    })
    return reply.redirect('/newsroom/account?done=signed-out', 303)
  })
}
