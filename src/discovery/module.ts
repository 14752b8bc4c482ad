import type { ModuleFactory } from '../module.ts'
import { createDiscovery } from './discovery.ts'
import type { RelatedService } from './related-service.ts'
import { discoveryRoutes } from './routes.ts'

declare module '../module.ts' {
  interface Services {
    /** Related articles of an article (pins first, then automatic matches), cached. */
    related: RelatedService
  }
}

/** Discovery: search, related articles, feeds (with WebSub), sitemaps, robots.txt, oEmbed, OpenSearch. */
export const discoveryModule: ModuleFactory = (kit) => {
  const discovery = createDiscovery({ ...kit, media: () => kit.services.media })
  return {
    name: 'discovery',
    services: { related: discovery.related },
    routes: (app) =>
      discoveryRoutes(app, {
        discovery,
        chrome: kit.chrome,
        site: () => kit.services.site,
        pageAssets: kit.pageAssets,
        siteUrl: kit.siteUrl,
        editions: kit.editions,
      }),
    // what any node invalidates also clears this node's related-articles lists
    onInvalidate: () => discovery.related.clear(),
    close: () => discovery.close(),
  }
}
