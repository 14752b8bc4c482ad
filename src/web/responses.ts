import type { FastifyReply } from 'fastify'
import type { SafeHtml } from './html.ts'

/** A same-site path to return to after signing in; anything else goes to the newsroom. */
export function safeNext(next: unknown, fallback = '/newsroom'): string {
  if (typeof next !== 'string' || next.length >= 500) return fallback
  let path: string
  try {
    // a Location header carries ASCII only: other characters are percent-encoded (a lone surrogate throws)
    path = next.replace(/[^\x00-\x7f]+/g, encodeURIComponent)
  } catch {
    return fallback
  }
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(path) ? path : fallback
}

export function sendPage(reply: FastifyReply, page: SafeHtml, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value)
}
