import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The folder holding package.json, found from this file whether it runs from src/ (tsx) or dist/ (the build). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) throw new Error(`Dateline cannot find its package.json above ${start}`)
  }
}

const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)))

/** Where Dateline's files are: sources, data files read at run time, and the build's output. */
export const PATHS = {
  root: ROOT,
  client: path.join(ROOT, 'client'),
  public: path.join(ROOT, 'public'),
  migrations: path.join(ROOT, 'src/db/migrations'),
  seedCapture: path.join(ROOT, 'src/demo/seed-capture.txt'),
  dist: path.join(ROOT, 'dist'),
  /** The build's manifest of hashed browser assets. */
  manifest: path.join(ROOT, 'dist/public/manifest.json'),
  /** A migrated empty embedded database, made at build time (a fresh start copies it instead of running initdb). */
  databaseTemplate: path.join(ROOT, 'dist/template/pgdata'),
}

/** True when this code runs from the build (dist/), false under tsx (tests, `npm run dev`). */
export const RUNNING_BUILT = fileURLToPath(import.meta.url).startsWith(PATHS.dist + path.sep)
