import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Config } from '../config.ts'
import { AppError, isAppError } from '../errors.ts'
import { safeNext } from '../web/responses.ts'
import type { ChromeService } from '../web/chrome.ts'
import { applySignIn, cookieName, cookieOptions, DEVICE_COOKIE, formCsrfToken, SESSION_COOKIE } from './auth-plugin.ts'
import { SESSION_DAYS, type AuthService } from './auth-service.ts'
import type { ReaderService } from './reader-service.ts'
import type { RecoveryService } from './recovery-service.ts'
import { createAccountStore } from './account-store.ts'
import { NO_MAIL_TEXT } from './recovery-templates.ts'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { accountPage, errorText, signInPage, signUpPage } from './reader-templates.ts'
import type { MessageKey } from '../web/i18n.ts'

type Assets = { css: string; icon: string; script: string }
const Form = Type.Record(Type.String(), Type.String({ maxLength: 2000 }))
const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 1000 })), done: Type.Optional(Type.String({ maxLength: 40 })) })

function send(reply: FastifyReply, page: { value: string }, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(page.value)
}

/** Reader accounts under /account: sign up, sign in, sign out, change display name. */
export async function readerPages(
  root: FastifyInstance,
  o: { auth: AuthService; readers: ReaderService; recovery: RecoveryService; chrome: ChromeService; config: Config; assets: Assets; db: Kysely<DB> },
) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { auth, readers, recovery, chrome, config, assets } = o
  const csrf = (request: FastifyRequest, reply: FastifyReply) => formCsrfToken(request, reply, config)
  // where a reader goes after signing in or up: where they came from, else their account page in the same edition
  const next = (v: unknown, prefix = '') => safeNext(v, `${prefix}/account`)
  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(cookieName(config, SESSION_COOKIE), token, cookieOptions(config, SESSION_DAYS * 86400))

  app.get('/account/sign-up', { config: { policy: 'public' }, schema: { querystring: NextQuery } }, async (request, reply) => {
    const frame = await chrome.forPage()
    if (request.auth) return reply.redirect(next(request.query.next, frame.prefix), 303)
    return send(reply, signUpPage(frame, assets, { csrf: csrf(request, reply), next: next(request.query.next, frame.prefix) }))
  })

  app.post('/account/sign-up', { config: { policy: 'public' }, schema: { body: Form } }, async (request, reply) => {
    const b = request.body
    const input = { email: (b.email ?? '').slice(0, 254), displayName: b.displayName ?? '', password: b.password ?? '' }
    try {
      const account = await readers.signUp({ ...input, ip: request.ip })
      // the address is verified by the link mailed to it
      await recovery.sendVerification(account).catch(() => undefined)
      const previous = request.cookies[cookieName(config, SESSION_COOKIE)]
      if (previous) await auth.endSession(previous)
      const s = await auth.startSession(account, request.headers['user-agent'] ?? '')
      setSessionCookie(reply, s.token)
      return reply.redirect(next(b.next), 303)
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e
      const frame = await chrome.forPage()
      const errors = Object.fromEntries(e.fields.map((f) => [f.field, errorText(frame.i18n, f.message, e.code, f.field)]))
      if (e.fields.length === 0) errors.form = errorText(frame.i18n, e.publicMessage, e.code)
      return send(
        reply,
        signUpPage(frame, assets, {
          csrf: csrf(request, reply),
          next: next(b.next),
          email: input.email,
          displayName: input.displayName,
          errors,
        }),
        e.status,
      )
    }
  })

  app.get('/account/sign-in', { config: { policy: 'public' }, schema: { querystring: NextQuery } }, async (request, reply) => {
    const frame = await chrome.forPage()
    if (request.auth) return reply.redirect(next(request.query.next, frame.prefix), 303)
    const flash = request.query.done === 'reset' ? frame.i18n.t('account.signIn.reset') : undefined
    return send(reply, signInPage(frame, assets, { csrf: csrf(request, reply), next: next(request.query.next, frame.prefix), flash }))
  })

  app.post('/account/sign-in', { config: { policy: 'public' }, schema: { body: Form } }, async (request, reply) => {
    const b = request.body
    const email = (b.email ?? '').slice(0, 254)
    try {
      await readers.checkSignInAttempt(request.ip)
      const s = await auth.signIn({
        email,
        password: (b.password ?? '').slice(0, 1000),
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        previousToken: request.cookies[cookieName(config, SESSION_COOKIE)],
        kind: 'reader',
        deviceToken: request.cookies[cookieName(config, DEVICE_COOKIE)],
      })
      return reply.redirect(applySignIn(reply, config, s, next(b.next)), 303)
    } catch (e) {
      if (!isAppError(e) || !['UNAUTHENTICATED', 'RATE_LIMITED', 'FORBIDDEN'].includes(e.code)) throw e
      if (e.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(e.retryAfterSeconds))))
      const frame = await chrome.forPage()
      return send(
        reply,
        signInPage(frame, assets, { csrf: csrf(request, reply), next: next(b.next), email, error: errorText(frame.i18n, e.publicMessage, e.code) }),
        e.status,
      )
    }
  })

  app.post('/account/sign-out', { config: { policy: 'reader', whileRestricted: true }, schema: { body: Form } }, async (request, reply) => {
    if (request.auth?.sessionToken) await auth.endSession(request.auth.sessionToken)
    reply.clearCookie(cookieName(config, SESSION_COOKIE), cookieOptions(config))
    return reply.redirect(safeNext(request.body.next, '/'), 303)
  })

  const showAccount = async (request: FastifyRequest, reply: FastifyReply, extra: { error?: string; flash?: string } = {}, status = 200) => {
    const who = request.auth!.principal
    const account = (await createAccountStore(o.db).getAccount(who.id))!
    return send(
      reply,
      accountPage(await chrome.forPage(), assets, {
        csrf: csrf(request, reply),
        name: account.displayName,
        email: account.email,
        verified: account.emailVerifiedAt !== null,
        notifyNewDevice: account.notifyNewDevice,
        mailAvailable: recovery.mailAvailable,
        ...extra,
      }),
      status,
    )
  }

  const FLASH: Record<string, MessageKey> = {
    renamed: 'account.done.renamed',
    'verification-sent': 'account.done.verificationSent',
    notifications: 'account.done.notifications',
  }
  app.get('/account', { config: { policy: 'reader' }, schema: { querystring: NextQuery } }, async (request, reply) => {
    const key = request.query.done ? FLASH[request.query.done] : undefined
    const flash = key ? (await chrome.forPage()).i18n.t(key) : undefined
    return showAccount(request, reply, flash ? { flash } : {})
  })

  app.post('/account/verify/resend', { config: { policy: 'reader' }, schema: { body: Form } }, async (request, reply) => {
    const account = await createAccountStore(o.db).getAccount(request.auth!.principal.id)
    try {
      if (!recovery.mailAvailable) throw new AppError('CONFLICT', { message: NO_MAIL_TEXT })
      await recovery.sendVerification(account!)
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e
      const tr = (await chrome.forPage()).i18n
      return showAccount(
        request,
        reply,
        { flash: e.publicMessage === NO_MAIL_TEXT ? tr.t('account.noMail') : errorText(tr, e.publicMessage, e.code) },
        e.status,
      )
    }
    return reply.redirect(`${(await chrome.forPage()).prefix}/account?done=verification-sent`, 303)
  })

  app.post('/account/notifications', { config: { policy: 'reader' }, schema: { body: Form } }, async (request, reply) => {
    await recovery.setNotifyNewDevice(request.auth!.principal.id, request.body.notifyNewDevice === 'on')
    return reply.redirect(`${(await chrome.forPage()).prefix}/account?done=notifications`, 303)
  })

  app.post('/account/name', { config: { policy: 'reader' }, schema: { body: Form } }, async (request, reply) => {
    try {
      await readers.rename(request.auth!.principal.id, request.body.displayName ?? '')
    } catch (e) {
      if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e
      return showAccount(request, reply, { error: errorText((await chrome.forPage()).i18n, e.publicMessage, e.code, 'displayName') }, 400)
    }
    return reply.redirect(`${(await chrome.forPage()).prefix}/account?done=renamed`, 303)
  })
}
