import type { ModuleFactory } from '../module.ts'
import { readerPages } from './reader-pages.ts'
import { createReaderService } from './reader-service.ts'

/**
 * Reader accounts: sign-up, sign-in and the account page. (Sessions, the auth hook and staff
 * accounts are part of the kit every module is built with: see app.ts.)
 */
export const accountsModule: ModuleFactory = (kit) => ({
  name: 'accounts',
  routes: (app) =>
    readerPages(app, {
      auth: kit.auth,
      readers: createReaderService({ db: kit.db, limiter: kit.limiter, now: kit.now }),
      chrome: kit.chrome,
      config: kit.config,
      assets: kit.pageAssets,
    }),
})
