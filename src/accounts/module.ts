import type { ModuleFactory } from '../module.ts'
import { readerPages } from './reader-pages.ts'
import { createReaderService } from './reader-service.ts'
import { recoveryPages } from './recovery-pages.ts'
import { createRecoveryService } from './recovery-service.ts'

/**
 * Reader accounts: sign-up, sign-in and the account page; getting back into any account
 * (password reset by mail, address verification). (Sessions, the auth hook and staff accounts are
 * part of the kit every module is built with: see app.ts.)
 */
export const accountsModule: ModuleFactory = (kit) => {
  const recovery = createRecoveryService({ db: kit.db, limiter: kit.limiter, now: kit.now, mail: kit.accountMail, log: kit.log })
  const shared = { recovery, chrome: kit.chrome, config: kit.config, assets: kit.pageAssets }
  return {
    name: 'accounts',
    async routes(app) {
      await app.register(readerPages, {
        ...shared,
        auth: kit.auth,
        db: kit.db,
        readers: createReaderService({ db: kit.db, limiter: kit.limiter, now: kit.now }),
      })
      await app.register(recoveryPages, { ...shared, newsroomAssets: kit.newsroomAssets })
    },
  }
}
