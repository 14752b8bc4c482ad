import type { FastifyReply } from 'fastify'
import type { SafeHtml } from './html.ts'

/** A same-site path to return to after signing in; anything else goes to the newsroom. */
export function safeNext(next: unknown, fallback = '/newsroom'): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && next.length < 500 ? next : fallback
}

export function sendPage(reply: FastifyReply, page: SafeHtml, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)
}
