import multipart from '@fastify/multipart'
import sharp from 'sharp'
import type { ModuleFactory } from '../module.ts'
import { createMediaService, type MediaService } from './media-service.ts'
import { mediaNewsroomPages } from './newsroom-pages.ts'
import { mediaAdminApi } from './routes-admin.ts'
import { mediaPublicRoutes } from './routes-public.ts'

declare module '../module.ts' {
  interface Services {
    /** The media library: the pictures pages show (by id, licence checked), uploads, where pictures are used. */
    media: MediaService
  }
}

/** How often each node looks for licences that have just ended. */
const LICENCE_CHECK_MS = 30_000

/** Pictures: uploads (admin API, newsroom, CLI), the library, derivatives under /media/, the pictures pages show. */
export const mediaModule: ModuleFactory = (kit) => {
  // sharp's own cache would hold decoded originals in memory; derivatives have a cache of their own
  sharp.cache(false)
  const media = createMediaService({ db: kit.db, config: kit.config, log: kit.log, now: kit.now, invalidator: kit.invalidator })
  const maxUploadBytes = kit.config.mediaMaxUploadMb * 1024 * 1024
  let licenceTimer: NodeJS.Timeout | undefined
  let stopLicences: (() => Promise<void>) | undefined
  return {
    name: 'media',
    services: { media },
    decorations: { media },
    async routes(app) {
      // a part's bytes are read up to the upload limit; the rest of the body stays small
      await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 20, fieldSize: 4000, parts: 24 } })
      await app.register(mediaPublicRoutes, { media, now: kit.now })
      await app.register(mediaAdminApi, { media, maxUploadBytes })
      await app.register(mediaNewsroomPages, { media, assets: kit.newsroomAssets, config: kit.config })
    },
    onInvalidate: (tags) => media.onInvalidate(tags),
    async onReady() {
      // licences end on their own: every half minute, pages showing a picture whose licence has just ended are dropped
      let since = kit.now()
      let running: Promise<unknown> = Promise.resolve()
      licenceTimer = setInterval(() => {
        const until = kit.now()
        running = media.endLicences(since).then(
          () => (since = until),
          (err) => kit.log.error({ err }, 'could not drop pages showing pictures whose licence ended'),
        )
      }, LICENCE_CHECK_MS)
      licenceTimer.unref()
      stopLicences = async () => {
        clearInterval(licenceTimer)
        await running
      }
    },
    close: async () => stopLicences?.(),
  }
}
