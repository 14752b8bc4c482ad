#!/usr/bin/env node
// The `dateline` command: runs the built CLI (dist/), rebuilding first when the sources changed.
import { spawn } from 'node:child_process'
import { ensureBuilt } from '../scripts/build-state.mjs'

await ensureBuilt()

// Imports and exports stream files of any size through one process: it runs with a small, often
// collected JavaScript heap (items are at most 5 MB each, so 128 MB of old space is plenty) and the
// embedded database's WebAssembly compiled once by the baseline compiler (Liftoff), which keeps a
// 200 MB import under 300 MB of memory at the same speed. Other commands start directly.
const HEAVY = new Set(['import', 'export'])
const TUNING = ['--max-old-space-size=128', '--max-semi-space-size=4', '--liftoff-only', '--no-wasm-tier-up']
if (HEAVY.has(process.argv[2] ?? '') && !process.env.DATELINE_CLI_TUNED) {
  const child = spawn(process.execPath, [...TUNING, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, DATELINE_CLI_TUNED: '1' },
  })
  // Ctrl+C reaches the child through the terminal's process group; a kill sent to this process is passed on
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  process.on('SIGINT', () => {})
  child.once('error', (e) => {
    console.error(`dateline: could not start the import process: ${e.message}`)
    process.exit(1)
  })
  child.once('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)))
} else {
  await import('../dist/server/cli.js')
}
