// Whether dist/ is up to date with the sources, checked in a few milliseconds at every start.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const WATCHED = ['src', 'client', 'public', 'scripts']
const WATCHED_FILES = ['package.json', 'package-lock.json']

/** A fingerprint of every source the build reads: names, sizes and modification times (tests excluded). */
export function fingerprintSources() {
  const h = createHash('sha256')
  const add = (rel) => {
    const st = fs.statSync(path.join(ROOT, rel), { throwIfNoEntry: false })
    if (st) h.update(`${rel}\0${st.size}\0${Math.trunc(st.mtimeMs)}\n`)
  }
  const walk = (rel) => {
    const dir = path.join(ROOT, rel)
    if (!fs.existsSync(dir)) return
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = `${rel}/${e.name}`
      if (e.isDirectory()) walk(child)
      else if (!e.name.endsWith('.test.ts')) add(child)
    }
  }
  for (const d of WATCHED) walk(d)
  for (const f of WATCHED_FILES) add(f)
  return h.digest('hex')
}

/** What the last build recorded, or undefined when there is none. */
export function readBuildInfo() {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'build-info.json'), 'utf8'))
  } catch {
    return undefined
  }
}

/** Rebuilds when the sources changed since the last build (or there is none), saying so on stderr. */
export async function ensureBuilt() {
  const info = readBuildInfo()
  if (info && info.sources === fingerprintSources() && fs.existsSync(path.join(ROOT, 'dist', 'server', 'main.js'))) return
  console.error(info ? 'dateline: sources changed since the last build; rebuilding…' : 'dateline: no build yet; building…')
  const { build } = await import('./build.mjs')
  await build()
}
