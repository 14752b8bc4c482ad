import type { ModuleFactory } from '../module.ts'
import { createAlertService, type AlertService, type AlertsTuning } from './alert-service.ts'
import { alertRoutes } from './routes.ts'

export interface AlertsOptions extends AlertsTuning {
  /** How often the delivery worker looks for due deliveries, in ms (default 5 s); 0 turns it off (tests call deliverDue). */
  pollMs?: number
}

declare module '../module.ts' {
  interface Services {
    /** Breaking-news alerts over Web Push. */
    alerts: AlertService
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The alerts service (tests run its delivery worker by hand). */
    alerts: AlertService
  }
}

/**
 * Breaking-news alerts: readers opt in per edition and section with Web Push; editors send from an
 * article or a live update; deliveries are queued in the database and sent by a worker on every
 * node (SKIP LOCKED shares the queue), retried, and subscriptions the push service calls gone are dropped.
 */
export const alertsModule =
  (options: AlertsOptions = {}): ModuleFactory =>
  (kit) => {
    const alerts = createAlertService({ db: kit.db, now: kit.now, log: kit.log, vapidSubject: kit.config.vapidSubject, tuning: options })
    const pollMs = options.pollMs ?? 5000
    let timer: NodeJS.Timeout | undefined
    let running: Promise<void> | undefined
    let again = false
    let closed = false
    // one run at a time per node; a kick during a run runs once more after it
    const run = () => {
      if (closed) return
      if (running) {
        again = true
        return
      }
      running = (async () => {
        try {
          while ((await alerts.deliverDue()) > 0 && !closed);
        } catch (err) {
          kit.log.warn({ err }, 'push deliveries failed to run')
        }
      })().finally(() => {
        running = undefined
        if (again) {
          again = false
          run()
        }
      })
    }
    return {
      name: 'alerts',
      services: { alerts },
      decorations: { alerts },
      async routes(app) {
        await app.register(alertRoutes, {
          alerts,
          db: kit.db,
          config: kit.config,
          editions: kit.editions,
          chrome: kit.chrome,
          pageAssets: kit.pageAssets,
          newsroomAssets: kit.newsroomAssets,
          kick: run,
          entryArticle: async (id) => (await kit.services.liveBlogs?.store.getEntry(id))?.articleId,
        })
      },
      async onReady() {
        if (pollMs > 0) {
          timer = setInterval(run, pollMs)
          timer.unref()
        }
      },
      async close() {
        closed = true
        if (timer) clearInterval(timer)
        await running
      },
    }
  }
