import type { ModuleFactory } from '../module.ts'
import { siteRoutes } from './routes.ts'
import { createSiteService, type SiteService } from './site-service.ts'
import { createListingService } from './listings.ts'
import { publisherLogo } from './app-manifest.ts'

declare module '../module.ts' {
  interface Services {
    /** The public pages' view models (oEmbed reads the article page's). */
    site: SiteService
  }
}

/** Public pages: home, sections, articles, the about page and the hashed static assets. */
export const siteModule: ModuleFactory = (kit) => {
  const site = createSiteService({
    db: kit.db,
    siteUrl: kit.siteUrl,
    editions: kit.editions,
    chrome: kit.chrome,
    related: () => kit.services.related,
    media: () => kit.services.media,
    logo: publisherLogo(kit.assets, kit.siteUrl),
  })
  const listings = createListingService({
    db: kit.db,
    siteUrl: kit.siteUrl,
    editions: kit.editions,
    chrome: kit.chrome,
    media: () => kit.services.media,
    logo: publisherLogo(kit.assets, kit.siteUrl),
  })
  return {
    name: 'site',
    services: { site },
    routes: (app) =>
      siteRoutes(app, { site, listings, assets: kit.assets, pageAssets: kit.pageAssets, parts: kit.parts, ninjs: () => kit.services.ninjs?.current }),
  }
}
