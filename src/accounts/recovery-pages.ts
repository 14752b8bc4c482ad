import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Config } from '../config.ts'
import { isAppError } from '../errors.ts'
import type { ChromeService } from '../web/chrome.ts'
import { formCsrfToken } from './auth-plugin.ts'
import type { RecoveryService } from './recovery-service.ts'
import { problemText, staffTr, type NewsroomAssets } from '../web/newsroom-layout.ts'
import { forgotPasswordPage, resetPasswordPage, staffForgotPasswordPage, staffResetPasswordPage, verifiedPage } from './recovery-templates.ts'
import { errorText, type Assets } from './reader-templates.ts'

const Form = Type.Record(Type.String(), Type.String({ maxLength: 2000 }))
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) })

function send(reply: FastifyReply, page: { value: string }, status = 200) {
  // no-referrer (helmet's default) keeps the token in these pages' URLs from leaking to other sites
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(page.value)
}

/**
 * Getting back into an account, for readers (/account/…) and staff (/newsroom/…): forgotten
 * passwords by a mailed link, and readers' address verification.
 */
export async function recoveryPages(
  root: FastifyInstance,
  o: { recovery: RecoveryService; chrome: ChromeService; config: Config; assets: Assets; newsroomAssets?: NewsroomAssets },
) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { recovery, chrome, config, assets } = o
  const csrf = (request: FastifyRequest, reply: FastifyReply) => formCsrfToken(request, reply, config)

  for (const base of ['/account', '/newsroom'] as const) {
    const forgot = `${base}/forgot-password`
    const reset = `${base}/reset-password`
    // staff get the newsroom's frame, in the newsroom's language; readers the site's pages in the edition's
    const staff = base === '/newsroom' ? o.newsroomAssets : undefined
    // a reader's pages keep the edition's prefix (/ar/account/forgot-password); the newsroom's have none
    const prefixOf = async (frame: { prefix: string }) => (base === '/account' ? frame.prefix : '')
    const showForgot = async (request: FastifyRequest, reply: FastifyReply, extra: { sent?: string; error?: string } = {}, status = 200) => {
      if (staff)
        return send(
          reply,
          staffForgotPasswordPage(staffTr(request), staff, { csrf: csrf(request, reply), action: forgot, mailAvailable: recovery.mailAvailable, ...extra }),
          status,
        )
      const frame = await chrome.forPage()
      return send(
        reply,
        forgotPasswordPage(frame, assets, {
          csrf: csrf(request, reply),
          action: (await prefixOf(frame)) + forgot,
          mailAvailable: recovery.mailAvailable,
          ...extra,
        }),
        status,
      )
    }

    app.get(forgot, { config: { policy: 'public' } }, async (request, reply) => showForgot(request, reply))

    app.post(forgot, { config: { policy: 'public' }, schema: { body: Form } }, async (request, reply) => {
      const email = (request.body.email ?? '').trim().slice(0, 254)
      if (!recovery.mailAvailable) return showForgot(request, reply, {}, 503)
      try {
        await recovery.requestPasswordReset(email, request.ip)
      } catch (e) {
        if (!isAppError(e) || e.status >= 500) throw e
        const said = staff ? problemText(staffTr(request), e.publicMessage) : errorText((await chrome.forPage()).i18n, e.publicMessage, e.code)
        return showForgot(request, reply, { error: said }, e.status)
      }
      return showForgot(request, reply, { sent: email })
    })

    const showReset = async (
      request: FastifyRequest,
      reply: FastifyReply,
      token: string,
      works: boolean,
      error?: { message: string; code: string },
      status = 200,
    ) => {
      if (staff) {
        const m = {
          csrf: csrf(request, reply),
          action: reset,
          forgotPath: forgot,
          token,
          works,
          error: error ? problemText(staffTr(request), error.message) : undefined,
        }
        return send(reply, staffResetPasswordPage(staffTr(request), staff, m), status)
      }
      const frame = await chrome.forPage()
      const p = await prefixOf(frame)
      const said = error ? errorText(frame.i18n, error.message, error.code, error.code === 'VALIDATION_FAILED' ? 'password' : undefined) : undefined
      return send(
        reply,
        resetPasswordPage(frame, assets, { csrf: csrf(request, reply), action: p + reset, forgotPath: p + forgot, token, works, error: said }),
        status,
      )
    }

    app.get(reset, { config: { policy: 'public' }, schema: { querystring: TokenQuery } }, async (request, reply) => {
      const token = request.query.token ?? ''
      try {
        const works = await recovery.resetLinkWorks(token, request.ip)
        return showReset(request, reply, token, works, undefined, works ? 200 : 404)
      } catch (e) {
        if (!isAppError(e) || e.status >= 500) throw e
        return showReset(request, reply, token, false, { message: e.publicMessage, code: e.code }, e.status)
      }
    })

    app.post(reset, { config: { policy: 'public' }, schema: { body: Form } }, async (request, reply) => {
      const token = (request.body.token ?? '').slice(0, 200)
      try {
        const account = await recovery.resetPassword(token, request.body.password ?? '', request.ip)
        return reply.redirect(account.kind === 'staff' ? '/newsroom/sign-in?done=reset' : `${(await chrome.forPage()).prefix}/account/sign-in?done=reset`, 303)
      } catch (e) {
        if (!isAppError(e) || e.status >= 500) throw e
        return showReset(request, reply, token, e.code === 'VALIDATION_FAILED', { message: e.publicMessage, code: e.code }, e.status)
      }
    })
  }

  app.get('/account/verify', { config: { policy: 'public' }, schema: { querystring: TokenQuery } }, async (request, reply) => {
    try {
      const account = await recovery.verifyEmail(request.query.token ?? '', request.ip)
      const frame = await chrome.forPage()
      return send(reply, verifiedPage(frame, assets, { ok: true, message: frame.i18n.t('account.verify.thanks', { email: account.email }) }))
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e
      const frame = await chrome.forPage()
      return send(reply, verifiedPage(frame, assets, { ok: false, message: errorText(frame.i18n, e.publicMessage, e.code) }), e.status)
    }
  })
}
