import { PATHS } from '../paths.ts'
import fs from 'node:fs'
import path from 'node:path'

export const CLIENT_DIR = PATHS.client

/** A bundled browser script: its logical name ("site.js") and its content-hashed file name. */
export interface ClientFile {
  name: string
  file: string
  body: Buffer
}

let cached: Promise<ClientFile[]> | undefined

/**
 * Bundles every top-level client/*.ts entry with esbuild, in memory, at start: ES modules with
 * code splitting (so big libraries such as hls.js load lazily), content-hashed file names.
 * Built once per process.
 */
export function buildClient(): Promise<ClientFile[]> {
  cached ??= build()
  return cached
}

async function build(): Promise<ClientFile[]> {
  if (!fs.existsSync(CLIENT_DIR)) return []
  const entries = fs
    .readdirSync(CLIENT_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(CLIENT_DIR, f))
  if (entries.length === 0) return []
  // loaded only here: the build (dist/) never bundles at start
  const esbuild = await import('esbuild')
  const result = await esbuild.build({
    entryPoints: entries,
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    target: ['es2020'],
    outdir: path.join(CLIENT_DIR, 'out'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const files: ClientFile[] = []
  for (const out of result.outputFiles) {
    const file = path.basename(out.path)
    const meta = result.metafile.outputs[path.relative(process.cwd(), out.path)] ?? Object.entries(result.metafile.outputs).find(([k]) => k.endsWith(file))?.[1]
    const isEntry = meta?.entryPoint !== undefined && entries.some((e) => e.endsWith(meta.entryPoint!))
    const entry = isEntry ? path.basename(meta.entryPoint!).replace(/\.ts$/, '.js') : file
    files.push({ name: entry, file, body: Buffer.from(out.contents) })
  }
  return files
}
