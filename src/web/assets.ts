import { PATHS } from '../paths.ts'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { ClientFile } from './client-build.ts'

/** A static asset held in memory with its hashed URL and precompressed variants. */
export interface Asset {
  url: string
  type: string
  body: Buffer
  gzip: Buffer
  br: Buffer
  etag: string
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
}

export const PUBLIC_DIR = PATHS.public

/**
 * Reads public/ (and public/build/, where client bundles land) at start. Each file is served at
 * /assets/{name}.{hash}.{ext} with a year-long immutable cache: a changed file gets a new URL.
 */
export function loadAssets(dir = PUBLIC_DIR, client: ClientFile[] = []): { byUrl: Map<string, Asset>; url(name: string): string } {
  const byUrl = new Map<string, Asset>()
  const byName = new Map<string, string>()
  const add = (name: string, url: string, type: string, body: Buffer, etag: string, compressible: boolean) => {
    byUrl.set(url, {
      url,
      type,
      body,
      gzip: compressible ? gzipSync(body, { level: 9 }) : body,
      br: compressible ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) : body,
      etag,
    })
    byName.set(name, url)
  }
  // Client bundles already carry a content hash in their file names (chunks import each other by them).
  for (const f of client) add(`build/${f.name}`, `/assets/build/${f.file}`, TYPES['.js']!, f.body, `"${f.file}"`, true)
  const walk = (d: string, prefix: string) => {
    if (!fs.existsSync(d)) return
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name)
      if (entry.isDirectory()) {
        if (prefix === '' && entry.name === 'build') continue
        walk(full, `${prefix}${entry.name}/`)
        continue
      }
      const ext = path.extname(entry.name)
      const type = TYPES[ext]
      if (!type) continue
      const body = fs.readFileSync(full)
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12)
      const name = `${prefix}${entry.name}`
      const url = `/assets/${name.slice(0, -ext.length)}.${hash}${ext}`
      add(name, url, type, body, `"${hash}"`, !['.png', '.ico'].includes(ext))
    }
  }
  walk(dir, '')
  return {
    byUrl,
    url(name: string) {
      const u = byName.get(name)
      if (!u) throw new Error(`asset ${name} is missing from public/`)
      return u
    },
  }
}

export type Assets = ReturnType<typeof loadAssets>

interface ManifestEntry {
  name: string
  url: string
  file: string
  type: string
  etag: string
  compressed: boolean
}

/**
 * The build's assets (dist/public, listed in its manifest), with the gzip and brotli copies the
 * build made: nothing is bundled or compressed at start.
 */
export function loadBuiltAssets(manifest = PATHS.manifest): Assets {
  const dir = path.dirname(manifest)
  const { assets } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { assets: ManifestEntry[] }
  const byUrl = new Map<string, Asset>()
  const byName = new Map<string, string>()
  for (const a of assets) {
    const full = path.join(dir, a.file)
    const body = fs.readFileSync(full)
    byUrl.set(a.url, {
      url: a.url,
      type: a.type,
      body,
      gzip: a.compressed ? fs.readFileSync(`${full}.gz`) : body,
      br: a.compressed ? fs.readFileSync(`${full}.br`) : body,
      etag: a.etag,
    })
    byName.set(a.name, a.url)
  }
  return {
    byUrl,
    url(name: string) {
      const u = byName.get(name)
      if (!u) throw new Error(`asset ${name} is missing from the build (npm run build)`)
      return u
    },
  }
}
