import type { Kysely } from 'kysely'
import type { AuthService } from '../accounts/auth-service.ts'
import type { StaffService } from '../accounts/staff-service.ts'
import type { TwoFactorService } from '../accounts/two-factor.ts'
import type { Mailer } from '../mail/mailer.ts'
import type { Config } from '../config.ts'
import type { EditionContexts } from '../content/edition-context.ts'
import type { DB } from '../db/schema.ts'
import type { EventBus } from '../events.ts'
import type { ArticleService } from './article-service.ts'
import type { EditionAdmin } from './edition-admin.ts'
import type { createSectionAdmin } from './section-admin.ts'
import type { Workflow } from './workflow.ts'

/** The services the newsroom's pages and admin API are built on. */
export interface NewsroomContext {
  db: Kysely<DB>
  config: Config
  auth: AuthService
  /** Editions and their sections, cached. */
  editions: EditionContexts
  staff: StaffService
  twoFactor: TwoFactorService
  /** Whether mail is really sent (SMTP_URL set); pages that depend on it say so when not. */
  mailAvailable: () => boolean
  /** The mail queue, whose log admins read. */
  mailer: Mailer
  articles: ArticleService
  workflow: Workflow
  sections: ReturnType<typeof createSectionAdmin>
  /** Adding and changing editions; limiting staff to editions. */
  editionAdmin: EditionAdmin
  now: () => Date
  /** The domain events (a change that other modules, the page cache among them, react to). */
  events: EventBus
}
