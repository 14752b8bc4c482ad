#!/usr/bin/env node
// `npm start`: runs the built server (dist/), rebuilding first when the sources changed since the
// last build, so a changed source is never served as old code.
import { ensureBuilt } from '../scripts/build-state.mjs'

await ensureBuilt()
await import('../dist/server/main.js')
