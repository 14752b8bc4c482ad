import type { FastifyInstance } from 'fastify'

/** Who may call a route. Every route declares one in `config.policy`; a route without one fails at boot. */
export type Policy = 'public' | 'reader' | 'staff' | 'reporter' | 'editor' | 'moderator' | 'admin'

export const POLICIES: readonly Policy[] = ['public', 'reader', 'staff', 'reporter', 'editor', 'moderator', 'admin']

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy
  }
}

/** Refuses to register any route that does not state its access policy. */
export function requirePolicies(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const policy = (route.config as { policy?: Policy } | undefined)?.policy
    if (!policy || !POLICIES.includes(policy)) {
      throw new Error(`Route ${String(route.method)} ${route.url} has no access policy: add config: { policy: ... }`)
    }
  })
}
