// The module boundaries of src/ (docs/adr/0009-module-shape.md), shared by the lint rule in
// eslint.config.js and the test in src/boundaries.test.ts.

const BASE = ['kernel', 'db', 'http', 'cache', 'content', 'web', 'mail', 'accounts', 'contract']

/** What each folder (or group of root files) may import besides itself. */
export const LAYERS = {
  kernel: [],
  db: ['kernel'],
  http: ['kernel'],
  cache: ['kernel', 'db', 'http'],
  content: ['kernel', 'db'],
  web: ['kernel', 'db', 'http', 'cache', 'content'],
  // outgoing mail: the queue, its sender and the mail log (accounts and features send through it)
  mail: ['kernel', 'db', 'http', 'cache', 'content', 'web'],
  accounts: ['kernel', 'db', 'http', 'cache', 'content', 'web', 'mail'],
  contract: ['kernel', 'db', 'http', 'cache', 'content', 'web', 'mail', 'accounts'],
  // features: the shared layers only, never each other (they meet through module.ts: services and page parts)
  site: BASE,
  newsroom: BASE,
  discussion: BASE,
  links: BASE,
  counters: BASE,
  live: BASE,
  discovery: BASE,
  media: BASE,
  liveblog: BASE,
  alerts: BASE,
  importers: BASE,
  // ninjs out, the Content API, webhooks and the wire desk: they reach the newsroom through its services
  syndication: BASE,
  // demo content is loaded through the seed importer, its pictures through the media library's store
  demo: [...BASE, 'importers', 'media'],
}

/** Composition roots: they wire everything together and may import anything. */
export const ROOTS = ['root', 'cli']

export const FEATURES = Object.keys(LAYERS).filter((k) => !['kernel', 'db', 'http', 'cache', 'content', 'web', 'mail', 'accounts', 'contract'].includes(k))

/** The layer of a file, from its path relative to src/ ("discussion/live/bus.ts" → "discussion"). */
export function folderOf(relative) {
  const parts = relative.split(/[\\/]/)
  // a feature's module.ts is where it plugs into the app: it alone sees the module contract
  if (parts.length === 2 && parts[1] === 'module.ts') return `${parts[0]}:module`
  if (parts.length > 1) return parts[0]
  if (parts[0] === 'app.ts' || parts[0] === 'main.ts') return 'root'
  if (parts[0] === 'module.ts' || parts[0] === 'deps.ts') return 'contract'
  return 'kernel'
}

/** The layers a layer may import (itself excluded). */
export function allowedImports(layer) {
  if (ROOTS.includes(layer)) return [...Object.keys(LAYERS), ...FEATURES.map((f) => `${f}:module`), 'accounts:module', ...ROOTS]
  if (layer.endsWith(':module')) {
    const folder = layer.slice(0, -':module'.length)
    return [folder, 'contract', ...(LAYERS[folder] ?? [])]
  }
  return LAYERS[layer] ?? []
}

const FOLDERS = [...Object.keys(LAYERS), 'cli'].filter((k) => !['kernel', 'contract'].includes(k))

/** ESLint `no-restricted-imports` settings, one block per layer of src/. */
export function boundaryRules() {
  const blocks = []
  for (const layer of Object.keys(LAYERS)) {
    const allowed = new Set([layer, ...allowedImports(layer)])
    const forbidden = FOLDERS.filter((f) => !allowed.has(f))
    const files = layer === 'kernel' ? ['src/*.ts'] : layer === 'contract' ? ['src/module.ts', 'src/deps.ts'] : [`src/${layer}/**/*.ts`]
    const ignores =
      layer === 'kernel'
        ? ['src/app.ts', 'src/main.ts', 'src/module.ts', 'src/deps.ts', 'src/*.test.ts']
        : layer === 'db'
          ? ['src/db/schema.ts', 'src/**/*.test.ts']
          : ['src/**/*.test.ts', `src/${layer}/module.ts`]
    const patterns = []
    if (forbidden.length) {
      const prefix = layer === 'kernel' || layer === 'contract' ? '\\./' : '(\\.\\./)+'
      patterns.push({
        regex: `^${prefix}(${forbidden.join('|')})/`,
        message: `${layer}/ may import ${[...allowed].filter((a) => a !== layer).join(', ') || 'nothing else'} (see eslint.boundaries.js): reach other modules through module.ts services and page parts`,
      })
    }
    if (!allowed.has('contract') && layer !== 'contract')
      patterns.push({ regex: '^(\\.\\./)+(module|deps)\\.ts$', message: `${layer}/ sits below module.ts (only its own module.ts plugs into it)` })
    if (!allowed.has('root')) patterns.push({ regex: '^(\\.\\./)+(app|main)\\.ts$', message: 'only composition roots import app.ts or main.ts' })
    if (patterns.length) blocks.push({ files, ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } })
  }
  return blocks
}
