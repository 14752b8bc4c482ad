// The build: server code bundled to JavaScript, browser bundles and static files with content
// hashes (precompressed), and a migrated embedded-database template, all under dist/.
// Run by `npm install` / `npm ci` (the prepare script) and by `npm start` / `npx dateline` when
// sources are newer than the build. Plain JavaScript: it runs before anything is compiled.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { fingerprintSources, readBuildInfo, ROOT } from './build-state.mjs'

const DIST = path.join(ROOT, 'dist')

const TYPES = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
}
const COMPRESSIBLE = new Set(['.css', '.js', '.svg', '.json', '.webmanifest', '.txt'])

/** Packages loaded from node_modules at run time rather than bundled. */
const SERVER_EXTERNAL = ['@electric-sql/pglite', '@electric-sql/pglite/*', '@node-rs/argon2', 'esbuild', 'pg-native', 'sharp', 'playwright-core', 'tsx']

/** Server entry points: the program, the CLI, and the template maker the build itself runs. */
const SERVER_ENTRIES = { main: 'src/main.ts', cli: 'src/cli/main.ts', template: 'src/db/template.ts' }

async function buildServer(esbuild) {
  const out = path.join(DIST, 'server')
  fs.rmSync(out, { recursive: true, force: true })
  await esbuild.build({
    entryPoints: Object.fromEntries(Object.entries(SERVER_ENTRIES).map(([k, v]) => [k, path.join(ROOT, v)])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // dependencies are bundled too (one file loads far faster than hundreds of modules), except
    // those that load files of their own at run time (WebAssembly, native addons) or are optional
    external: SERVER_EXTERNAL,
    // CommonJS dependencies inside an ES module bundle still get require, __dirname and __filename
    banner: {
      js: "import { createRequire as __dl_createRequire } from 'node:module'; import { fileURLToPath as __dl_fileURLToPath } from 'node:url'; import { dirname as __dl_dirname } from 'node:path'; const require = __dl_createRequire(import.meta.url); const __filename = __dl_fileURLToPath(import.meta.url); const __dirname = __dl_dirname(__filename);",
    },
    outdir: out,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    // smaller to parse at every start; names kept for stack traces and logs
    minify: true,
    keepNames: true,
    logLevel: 'warning',
    legalComments: 'none',
  })
}

function hashOf(body) {
  return createHash('sha256').update(body).digest('base64url').slice(0, 12)
}

/** Writes one asset with its .gz and .br twins; returns its manifest entry. */
function emit(outDir, name, url, file, body) {
  const ext = path.extname(file)
  const target = path.join(outDir, file)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.writeFileSync(target, body)
  const compressible = COMPRESSIBLE.has(ext)
  if (compressible) {
    fs.writeFileSync(`${target}.gz`, gzipSync(body, { level: 9 }))
    fs.writeFileSync(`${target}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
  }
  return { name, url, file, type: TYPES[ext] ?? 'application/octet-stream', etag: `"${hashOf(body)}"`, compressed: compressible }
}

async function buildAssets(esbuild) {
  const out = path.join(DIST, 'public')
  fs.rmSync(out, { recursive: true, force: true })
  fs.mkdirSync(out, { recursive: true })
  const entries = []
  // Browser bundles: ES modules with code splitting (big libraries such as hls.js load lazily);
  // chunks import each other by their hashed names, so those names are kept.
  const clientDir = path.join(ROOT, 'client')
  const clientEntries = fs
    .readdirSync(clientDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(clientDir, f))
  const result = await esbuild.build({
    entryPoints: clientEntries,
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    target: ['es2020'],
    outdir: path.join(out, 'build'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    write: false,
    metafile: true,
    logLevel: 'warning',
  })
  for (const f of result.outputFiles) {
    const file = path.basename(f.path)
    const meta = Object.entries(result.metafile.outputs).find(([k]) => k.endsWith(`/${file}`))?.[1]
    const name = meta?.entryPoint ? `build/${path.basename(meta.entryPoint).replace(/\.ts$/, '.js')}` : `build/${file}`
    entries.push(emit(out, name, `/assets/build/${file}`, `build/${file}`, Buffer.from(f.contents)))
  }
  // public/: every file at /assets/{name}.{hash}.{ext}, cached for a year (a changed file gets a new URL)
  const walk = (dir, prefix) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name)
      if (e.isDirectory()) {
        walk(full, `${prefix}${e.name}/`)
        continue
      }
      const ext = path.extname(e.name)
      if (!TYPES[ext]) continue
      const body = fs.readFileSync(full)
      const name = `${prefix}${e.name}`
      const file = `${name.slice(0, -ext.length)}.${hashOf(body)}${ext}`
      entries.push(emit(out, name, `/assets/${file}`, file, body))
    }
  }
  walk(path.join(ROOT, 'public'), '')
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ assets: entries }, null, 1))
  return entries.length
}

/** Hash of the migrations: the database template is remade only when they change. */
function migrationsHash() {
  const dir = path.join(ROOT, 'src/db/migrations')
  const h = createHash('sha256')
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)))
  return h.digest('hex')
}

/** Builds what is out of date (everything with `force`). Returns what it did. */
export async function build({ force = false, log = (s) => console.error(s) } = {}) {
  const started = Date.now()
  const esbuild = await import('esbuild')
  fs.mkdirSync(DIST, { recursive: true })
  const previous = readBuildInfo()
  const sources = fingerprintSources()
  await buildServer(esbuild)
  const assets = await buildAssets(esbuild)
  const migrations = migrationsHash()
  const templateDir = path.join(DIST, 'template')
  let template = 'kept'
  if (force || previous?.migrations !== migrations || !fs.existsSync(path.join(templateDir, 'pgdata', 'PG_VERSION'))) {
    const { makeDatabaseTemplate } = await import(pathToFileURL(path.join(DIST, 'server', 'template.js')).href)
    await makeDatabaseTemplate(templateDir)
    template = 'made'
  }
  const info = { version: 1, builtAt: new Date().toISOString(), sources, migrations }
  fs.writeFileSync(path.join(DIST, 'build-info.json'), JSON.stringify(info, null, 1))
  log(`dateline: built server, ${assets} browser assets, database template ${template} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return info
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await build({ force: process.argv.includes('--force'), log: (s) => console.log(s) })
}
