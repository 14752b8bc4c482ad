import type { FastifyInstance } from 'fastify'

/** Who may call a route. Every route declares one in `config.policy`; a route without one fails at boot. */
export type Policy = 'public' | 'reader' | 'staff' | 'reporter' | 'editor' | 'moderator' | 'admin'

export const POLICIES: readonly Policy[] = ['public', 'reader', 'staff', 'reporter', 'editor', 'moderator', 'admin']

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy
  }
}

export interface RoutePolicy {
  method: string
  url: string
  policy: Policy
  /** False on the few public endpoints that opt out of the CSRF check (`config.csrf: false`). */
  csrf: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared policy (the permission table, read by tests and docs). */
    routePolicies: RoutePolicy[]
  }
}

/** Refuses to register any route that does not state its access policy; records the ones that do. */
export function requirePolicies(app: FastifyInstance): void {
  const table: RoutePolicy[] = []
  app.decorate('routePolicies', table)
  app.addHook('onRoute', (route) => {
    const config = route.config as { policy?: Policy; csrf?: boolean } | undefined
    const policy = config?.policy
    if (!policy || !POLICIES.includes(policy)) {
      throw new Error(`Route ${String(route.method)} ${route.url} has no access policy: add config: { policy: ... }`)
    }
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, policy, csrf: config?.csrf !== false })
  })
}
