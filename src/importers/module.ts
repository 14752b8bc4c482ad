import type { FastifyInstance } from 'fastify'
import type { ModuleFactory } from '../module.ts'
import { createRedirects } from './redirects.ts'

/** Imports: the old addresses of imported content answer a 301 to their new URL (the importers themselves run from the CLI). */
export const importersModule: ModuleFactory = (kit) => {
  const redirects = createRedirects(kit.db)
  // a hook for every request of the app, not only this module's routes (the fastify-plugin convention)
  const routes = Object.assign(
    async (app: FastifyInstance) => {
      app.addHook('onRequest', async (request, reply) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') return
        const key = redirects.match(request.originalUrl)
        if (!key) return
        const to = await redirects.target(key)
        if (!to) return
        reply.header('cache-control', 'public, max-age=86400')
        return reply.redirect(to, 301)
      })
    },
    { [Symbol.for('skip-override')]: true },
  )
  return {
    name: 'importers',
    routes,
    onReady: () => redirects.reload(),
    onInvalidate: () => void redirects.reload().catch(() => {}),
    decorations: { redirects },
  }
}
