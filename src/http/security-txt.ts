import type { FastifyInstance } from 'fastify'
import { siteBase, type Config } from '../config.ts'

/** How long a security.txt stays valid after it is served (RFC 9116 asks for under a year). */
const VALID_DAYS = 180

/** The text of /.well-known/security.txt (RFC 9116): whom to tell about a vulnerability, until when. */
export function securityTxt(config: Pick<Config, 'securityContact' | 'siteUrl'>, now: Date): string {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const expires = new Date(day + VALID_DAYS * 86_400_000).toISOString().replace(/\.000Z$/, 'Z')
  return [
    `Contact: ${config.securityContact}`,
    `Expires: ${expires}`,
    'Preferred-Languages: en',
    `Canonical: ${siteBase(config)}/.well-known/security.txt`,
    '',
  ].join('\n')
}

/** Serves /.well-known/security.txt, from SECURITY_CONTACT (or the administrator's address). */
export function installSecurityTxt(app: FastifyInstance, deps: { config: Config; now: () => Date }): void {
  app.get('/.well-known/security.txt', { config: { policy: 'public' } }, async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=86400').send(securityTxt(deps.config, deps.now())),
  )
}
