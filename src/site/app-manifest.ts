import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { cachePage } from '../cache/http-cache.ts'
import type { Assets } from '../web/assets.ts'
import type { Chrome } from '../web/view-models.ts'

/** The site's colour: the logo's red, for the browser's bar and the home-screen splash. */
export const THEME_COLOR = '#b3121d'

/** The PNG icons public/icons/ holds (drawn by scripts/icons.mjs), with their sizes. */
export const ICONS = [
  { name: 'icons/icon-192.png', size: 192 },
  { name: 'icons/icon-512.png', size: 512 },
] as const

/** The publisher logo machines are given (JSON-LD publisher.logo, Organization.logo): the 512 px icon. */
export function publisherLogo(assets: Assets, siteUrl: string): { url: string; width: number; height: number } {
  return { url: siteUrl + assets.url('icons/icon-512.png'), width: 512, height: 512 }
}

/** The web app manifest of an edition: its name, language, start page and icons. */
export function appManifest(chrome: Chrome, assets: Assets) {
  return {
    name: chrome.siteName,
    // home screens show about 12 characters: whole ones (graphemes), in any script
    short_name: [...new Intl.Segmenter(chrome.lang, { granularity: 'grapheme' }).segment(chrome.siteName)]
      .slice(0, 12)
      .map((g) => g.segment)
      .join('')
      .trim(),
    description: `The latest news from ${chrome.siteName}.`,
    lang: chrome.lang,
    dir: chrome.dir,
    start_url: `${chrome.prefix}/`,
    scope: `${chrome.prefix}/`,
    display: 'minimal-ui',
    background_color: '#ffffff',
    theme_color: THEME_COLOR,
    icons: [
      // the letter sits well inside the square's middle four fifths: the icons may be cut to any mask
      ...ICONS.map((i) => ({ src: assets.url(i.name), sizes: `${i.size}x${i.size}`, type: 'image/png', purpose: 'any maskable' })),
      { src: assets.url('icons/icon.svg'), sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  }
}

/** /manifest.webmanifest (per edition: /ru/manifest.webmanifest) and the home-screen icon browsers ask for at the root. */
export async function appManifestRoutes(app: FastifyInstance, opts: { assets: Assets; chrome: () => Promise<Chrome> }) {
  app.get('/manifest.webmanifest', { config: { policy: 'public', cache: true }, schema: { querystring: Type.Object({}) } }, async (_request, reply) => {
    const chrome = await opts.chrome()
    return cachePage(reply.type('application/manifest+json; charset=utf-8'), ['manifest']).send(JSON.stringify(appManifest(chrome, opts.assets)))
  })
  for (const url of ['/apple-touch-icon.png', '/apple-touch-icon-precomposed.png']) {
    app.get(url, { config: { policy: 'public' } }, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=86400').redirect(opts.assets.url('icons/apple-touch-icon.png'), 301),
    )
  }
}
