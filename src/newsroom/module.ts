import type { ModuleFactory } from '../module.ts'
import type { Principal } from '../http/permissions.ts'
import type { ArticleInput } from './article-input.ts'
import { notifyWorkflow } from './notifications.ts'
import { createStaffService } from '../accounts/staff-service.ts'
import { createTwoFactorService } from '../accounts/two-factor.ts'
import { adminApi } from './api-routes.ts'
import { createArticleService } from './article-service.ts'
import type { NewsroomContext } from './context.ts'
import { newsroomPages } from './page-routes.ts'
import { notificationRoutes } from './notification-routes.ts'
import { createEditionAdmin } from './edition-admin.ts'
import { createSectionAdmin } from './section-admin.ts'
import { createWorkflow, startScheduler } from './workflow.ts'

declare module '../module.ts' {
  interface Services {
    /** What other modules may ask of the newsroom (the wire desk makes drafts, publishes and notifies). */
    newsroom: NewsroomDesk
  }
}

/** The newsroom's operations other modules use, as the given staff member. */
export interface NewsroomDesk {
  createDraft(input: ArticleInput, who: Principal): Promise<{ id: number }>
  publish(articleId: number, who: Principal): Promise<void>
  /** Tells editors and the story's writers that the agency sent a new version of it, or killed it. */
  notifyWire(kind: 'wire-updated' | 'wire-killed', articleId: number, at: Date): Promise<void>
}

export interface NewsroomOptions {
  /** Run the scheduled-publishing loop (default true; tests call publishDue themselves). */
  scheduler?: boolean
}

/** The newsroom: sign-in, the article list, the editor, workflow, revisions, sections, people, and the admin API. */
export const newsroomModule =
  (options: NewsroomOptions = {}): ModuleFactory =>
  (kit) => {
    const deps = { db: kit.db, events: kit.events, now: kit.now }
    const ctx: NewsroomContext = {
      db: kit.db,
      config: kit.config,
      auth: kit.auth,
      now: kit.now,
      events: kit.events,
      editions: kit.editions,
      staff: createStaffService({ db: kit.db, now: kit.now }),
      twoFactor: createTwoFactorService({ db: kit.db, now: kit.now, issuer: `Dateline (${kit.config.siteUrl.host})` }),
      mailAvailable: () => kit.mailer.configured,
      mailer: kit.mailer,
      articles: createArticleService(deps),
      workflow: createWorkflow(deps),
      sections: createSectionAdmin(deps),
      editionAdmin: createEditionAdmin({ ...deps, editions: kit.editions }),
    }
    let stopScheduler: (() => Promise<void>) | undefined
    const desk: NewsroomDesk = {
      createDraft: async (input, who) => ({ id: (await ctx.articles.createArticle(input, who)).id }),
      publish: async (articleId, who) => {
        await ctx.workflow.transition(articleId, 'publish', who)
      },
      notifyWire: async (kind, articleId, at) => {
        await notifyWorkflow(kit.db, { kind, articleId, actorId: null, at })
      },
    }
    return {
      name: 'newsroom',
      services: { newsroom: desk },
      async routes(app) {
        await app.register(adminApi, ctx)
        await app.register(newsroomPages, { ctx, assets: kit.newsroomAssets })
        await app.register(notificationRoutes, { ctx, assets: kit.newsroomAssets })
      },
      async onReady() {
        if (options.scheduler !== false) stopScheduler = startScheduler({ ...deps, log: kit.log })
      },
      close: async () => stopScheduler?.(),
    }
  }
