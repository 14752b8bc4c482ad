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
import { NEWSROOM_LANGUAGES, type MessageKey } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'
import type { NewsroomContext } from './context.ts'
import type { FormBody } from './form.ts'
import { sendPage } from '../web/responses.ts'
import { csrfField, field, newsroomLayout, problemText, staffTr, type NewsroomFrame } from '../web/newsroom-layout.ts'

type FrameFn = (request: FastifyRequest, reply: FastifyReply, title: string, current?: string, flash?: NewsroomFrame['flash']) => NewsroomFrame
const Form = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 1000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 5 })]))
const Done = Type.Object({ done: Type.Optional(Type.String({ maxLength: 40 })) })
// the pages where an account that must first change its password (or set up two-factor) does so
const OPEN = { policy: 'staff' as const, whileRestricted: true }

const DONE: Record<string, MessageKey> = {
  password: 'nr.account.done.password',
  'signed-out': 'nr.account.done.signedOut',
  notifications: 'nr.account.done.notifications',
  language: 'nr.account.done.language',
  'two-factor-off': 'nr.account.done.twoFactorOff',
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
    const f = frame(request, reply, staffTr(request).t('nr.nav.account'), '/newsroom/account', extra.flash)
    const tr = f.tr
    const account = (await createAccountStore(ctx.db).getAccount(f.who!.id))!
    const restriction = request.auth?.restriction
    const e = extra.errors ?? {}
    let twoFactor: HtmlValue
    if (extra.recoveryCodes) {
      twoFactor = html`<div class="nr-panel" role="status"><p><strong>${tr.t('nr.account.codesKeep')}</strong> ${tr.t('nr.account.codesExplain')}</p>
<ul class="nr-codes">${extra.recoveryCodes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
<p><a href="/newsroom/account">${tr.t('nr.account.codesDone')}</a></p></div>`
    } else if (account.twoFactor) {
      const left = await ctx.twoFactor.countRecoveryCodes(account.id)
      twoFactor = html`<p>${tHtml(tr, 'nr.account.twoFactorOn', { on: html`<strong>${tr.t('nr.account.on')}</strong>` }, { n: left })}</p>
<form method="post" action="/newsroom/account/two-factor/recovery-codes" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  ${field({ name: 'code', label: tr.t('nr.account.appCode'), error: e.code, required: true, attrs: html`autocomplete="one-time-code" inputmode="numeric" maxlength="6"` })}
  <button type="submit" class="nr-button">${tr.t('nr.account.newCodes')}</button>
</form>
${
  ctx.config.adminTwoFactor === 'required' && account.role === 'admin'
    ? html`<p>${tr.t('nr.account.adminsKeep')}</p>`
    : html`<form method="post" action="/newsroom/account/two-factor/disable" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  ${field({ name: 'password', label: tr.t('nr.account.yourPassword'), type: 'password', error: e.password, required: true, attrs: html`autocomplete="current-password"` })}
  ${field({ name: 'code', label: tr.t('nr.account.appOrRecoveryCode'), id: 'f-disable-code', required: true, attrs: html`autocomplete="one-time-code"` })}
  <button type="submit" class="nr-button">${tr.t('nr.account.turnOff')}</button>
</form>`
}`
    } else {
      const setup = await ctx.twoFactor.beginSetup(account.id)
      twoFactor = html`<p>${tHtml(tr, 'nr.account.twoFactorOffExplain', { off: html`<strong>${tr.t('nr.account.off')}</strong>` })}</p>
<ol>
  <li>${tHtml(tr, 'nr.account.setupKey', {
    key: html`<code class="nr-secret" data-totp-secret>${setup.secret.match(/.{1,4}/g)!.join(' ')}</code>`,
    uri: html`<code class="nr-uri" data-totp-uri>${setup.uri}</code>`,
  })}</li>
  <li>${tr.t('nr.account.setupCode')}</li>
</ol>
<form method="post" action="/newsroom/account/two-factor" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  ${field({ name: 'code', label: tr.t('nr.account.appCode'), error: e.code, required: true, attrs: html`autocomplete="one-time-code" inputmode="numeric" maxlength="6"` })}
  <button type="submit" class="nr-button nr-button--primary">${tr.t('nr.account.turnOn')}</button>
</form>`
    }
    return sendPage(
      reply,
      newsroomLayout(
        f,
        html`<h1>${tr.t('nr.nav.account')}</h1>
${
  restriction === 'change_password'
    ? html`<p class="flash flash--error" role="alert" id="account-required">${tr.t('nr.account.mustChange')}</p>`
    : restriction === 'set_up_two_factor'
      ? html`<p class="flash flash--error" role="alert" id="account-required">${tr.t('nr.account.mustTwoFactor')}</p>`
      : ''
}
<p>${account.displayName} · ${account.email} · ${tr.t(`nr.role.${account.role ?? 'reader'}`)}</p>
<h2 id="password">${restriction === 'change_password' ? tr.t('nr.account.chooseNew') : tr.t('nr.account.changeTitle')}</h2>
<form method="post" action="/newsroom/account/password" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  ${field({ name: 'current', label: restriction === 'change_password' ? tr.t('nr.account.oneTime') : tr.t('nr.account.current'), type: 'password', error: e.current, required: true, attrs: html`autocomplete="current-password"` })}
  ${field({ name: 'next', label: tr.t('nr.account.newPassword'), type: 'password', error: e.next, hint: tr.t('nr.account.passwordHint'), required: true, attrs: html`autocomplete="new-password"` })}
  <button type="submit" class="nr-button nr-button--primary">${tr.t('nr.account.change')}</button>
</form>
${
  restriction === 'change_password'
    ? ''
    : html`<h2 id="two-factor">${tr.t('nr.signIn.twoFactor')}</h2>
${twoFactor}
<h2 id="language">${tr.t('nr.account.language')}</h2>
<form method="post" action="/newsroom/account/language" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  <div class="nr-field"><label for="f-language">${tr.t('nr.account.languageLabel')}</label>
  <select id="f-language" name="language">
    <option value=""${account.language ? '' : html` selected`}>${tr.t('nr.account.browserLanguage', { name: tr.t('nr.languageName') })}</option>
    ${NEWSROOM_LANGUAGES.map((l) => html`<option value="${l.code}" lang="${l.code}"${account.language === l.code ? html` selected` : ''}>${l.name}</option>`)}
  </select></div>
  <button type="submit" class="nr-button">${tr.t('nr.save')}</button>
</form>
<h2>${tr.t('nr.account.devices')}</h2>
<form method="post" action="/newsroom/account/notifications" class="nr-form">${csrfField(f.csrfToken)}
  <p><label><input type="checkbox" name="notifyNewDevice" value="on"${account.notifyNewDevice ? html` checked` : ''}> ${tr.t('nr.account.devicesLabel')}</label></p>
  ${ctx.mailAvailable() ? '' : html`<p class="nr-hint">${tr.t('nr.account.noMail')}</p>`}
  <button type="submit" class="nr-button">${tr.t('nr.save')}</button>
</form>
<h2>${tr.t('nr.account.sessions')}</h2>
<form method="post" action="/newsroom/account/sign-out-everywhere">${csrfField(f.csrfToken)}<button type="submit" class="nr-button">${tr.t('nr.account.signOutElsewhere')}</button></form>`
}`,
      ),
      status,
    )
  }

  app.get('/newsroom/account', { config: OPEN, schema: { querystring: Done } }, async (request, reply) => {
    const key = request.query.done ? DONE[request.query.done] : undefined
    return show(request, reply, key ? { flash: { kind: 'ok', text: staffTr(request).t(key) } } : {})
  })

  app.post('/newsroom/account/password', { config: OPEN, schema: { body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const who = request.auth!.principal
    const found = await createAccountStore(ctx.db).findAccountByEmail(who.email)
    if (!found || !(await verifyPassword(found.passwordHash, String(b.current ?? ''))))
      return show(request, reply, { errors: { current: staffTr(request).t('nr.account.wrongCurrent') } }, 400)
    const problem = passwordProblem(String(b.next ?? '')) ?? (b.next === b.current ? staffTr(request).t('nr.account.samePassword') : undefined)
    if (problem) return show(request, reply, { errors: { next: problemText(staffTr(request), problem) } }, 400)
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
      return show(request, reply, { recoveryCodes: codes, flash: { kind: 'ok', text: staffTr(request).t('nr.account.done.twoFactorOn') } })
    } catch (e) {
      if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e
      return show(request, reply, { errors: { code: problemText(staffTr(request), e.fields[0]?.message ?? e.publicMessage) } }, 400)
    }
  })

  app.post('/newsroom/account/two-factor/recovery-codes', { config: OPEN, schema: { body: Form } }, async (request, reply) => {
    try {
      const codes = await ctx.twoFactor.regenerateRecoveryCodes(request.auth!.principal.id, String((request.body as FormBody).code ?? ''))
      return show(request, reply, { recoveryCodes: codes, flash: { kind: 'ok', text: staffTr(request).t('nr.account.done.newCodes') } })
    } catch (e) {
      if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e
      return show(request, reply, { errors: { code: problemText(staffTr(request), e.fields[0]?.message ?? e.publicMessage) } }, 400)
    }
  })

  app.post('/newsroom/account/two-factor/disable', { config: OPEN, schema: { body: Form } }, async (request, reply) => {
    const who = request.auth!.principal
    if (ctx.config.adminTwoFactor === 'required' && who.role === 'admin')
      return show(request, reply, { flash: { kind: 'error', text: staffTr(request).t('nr.account.adminsMustKeep') } }, 409)
    const b = request.body as FormBody
    try {
      await ctx.twoFactor.disable(who.id, { actorId: who.id, password: String(b.password ?? ''), code: String(b.code ?? '') })
    } catch (e) {
      if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e
      const tr = staffTr(request)
      const errors = Object.fromEntries(e.fields.map((x) => [x.field, problemText(tr, x.message)]))
      return show(request, reply, { errors, flash: { kind: 'error', text: e.fields.map((x) => problemText(tr, x.message)).join(' ') } }, 400)
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
    if (asked !== undefined && typeof asked !== 'string')
      return show(request, reply, { flash: { kind: 'error', text: staffTr(request).t('nr.account.oneLanguage') } }, 400)
    const language = asked ? NEWSROOM_LANGUAGES.find((l) => l.code === asked)?.code : null
    if (language === undefined)
      return show(request, reply, { flash: { kind: 'error', text: staffTr(request).t('nr.account.noSuchLanguage', { language: asked ?? '' }) } }, 400)
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
