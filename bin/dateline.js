#!/usr/bin/env node
// The `dateline` command: runs the built CLI (dist/), rebuilding first when the sources changed.
import { ensureBuilt } from '../scripts/build-state.mjs'

await ensureBuilt()
await import('../dist/server/cli.js')
