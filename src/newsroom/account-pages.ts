import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { cookieOptions, SESSION_COOKIE } from '../accounts/auth-plugin.ts'
import { SESSION_DAYS } from '../accounts/auth-service.ts'
import { createAccountStore } from '../accounts/account-store.ts'
import { recordAudit } from '../accounts/audit.ts'
import { hashPassword, passwordProblem, verifyPassword } from '../accounts/passwords.ts'
import { html } from '../web/html.ts'
import type { NewsroomContext } from './context.ts'
import type { FormBody } from './form.ts'
import { sendPage } from '../web/responses.ts'
import { csrfField, field, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'

type FrameFn = (request: FastifyRequest, reply: FastifyReply, title: string, current?: string, flash?: NewsroomFrame['flash']) => NewsroomFrame
const Form = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 1000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 5 })]))

/** "Your account": change your own password, sign out everywhere else. */
export async function accountPages(root: FastifyInstance, o: { ctx: NewsroomContext; frame: FrameFn }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { ctx, frame } = o

  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: { current?: string; next?: string }; flash?: NewsroomFrame['flash'] } = {},
    status = 200,
  ) => {
    const f = frame(request, reply, 'Your account', '/newsroom/account', extra.flash)
    return sendPage(
      reply,
      newsroomLayout(
        f,
        html`<h1>Your account</h1>
<p>${f.who!.displayName} · ${f.who!.email} · ${f.who!.role}</p>
<h2>Change your password</h2>
<form method="post" action="/newsroom/account/password" class="nr-form nr-narrow-form">${csrfField(f.csrfToken)}
  ${field({ name: 'current', label: 'Current password', type: 'password', error: extra.errors?.current, required: true, attrs: html`autocomplete="current-password"` })}
  ${field({ name: 'next', label: 'New password', type: 'password', error: extra.errors?.next, hint: 'At least 10 characters.', required: true, attrs: html`autocomplete="new-password"` })}
  <button type="submit" class="nr-button nr-button--primary">Change password</button>
</form>
<h2>Sessions</h2>
<form method="post" action="/newsroom/account/sign-out-everywhere">${csrfField(f.csrfToken)}<button type="submit" class="nr-button">Sign out everywhere else</button></form>`,
      ),
      status,
    )
  }

  app.get('/newsroom/account', { config: { policy: 'staff' } }, async (request, reply) => show(request, reply))

  app.post('/newsroom/account/password', { config: { policy: 'staff' }, schema: { body: Form } }, async (request, reply) => {
    const b = request.body as FormBody
    const who = request.auth!.principal
    const found = await createAccountStore(ctx.db).findAccountByEmail(who.email)
    if (!found || !(await verifyPassword(found.passwordHash, String(b.current ?? ''))))
      return show(request, reply, { errors: { current: 'That is not your current password.' } }, 400)
    const problem = passwordProblem(String(b.next ?? ''))
    if (problem) return show(request, reply, { errors: { next: problem } }, 400)
    await createAccountStore(ctx.db).updateAccount(who.id, { passwordHash: await hashPassword(String(b.next)) })
    // a new password ends every session, then this browser gets a fresh one
    await ctx.auth.endAllSessions(who.id)
    const s = await ctx.auth.startSession(found, request.headers['user-agent'] ?? '')
    reply.setCookie(SESSION_COOKIE, s.token, cookieOptions(ctx.config, SESSION_DAYS * 86400))
    await recordAudit(ctx.db, { actorId: who.id, action: 'account.change_password', subjectType: 'account', subjectId: who.id, at: ctx.now() })
    return reply.redirect('/newsroom/account?changed=1', 303)
  })

  app.post('/newsroom/account/sign-out-everywhere', { config: { policy: 'staff' }, schema: { body: Form } }, async (request, reply) => {
    const who = request.auth!.principal
    const found = (await createAccountStore(ctx.db).getAccount(who.id))!
    await ctx.auth.endAllSessions(who.id)
    const s = await ctx.auth.startSession(found, request.headers['user-agent'] ?? '')
    reply.setCookie(SESSION_COOKIE, s.token, cookieOptions(ctx.config, SESSION_DAYS * 86400))
    return reply.redirect('/newsroom/account?signedout=1', 303)
  })
}
