import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
// @ts-expect-error: plain JavaScript shared with eslint.config.js
import { LAYERS, ROOTS, allowedImports, folderOf } from '../eslint.boundaries.js'

const SRC = path.dirname(fileURLToPath(import.meta.url))

/** Every import between folders of src/ (tests excluded): from, to, and where. */
function importsBetweenFolders(): { from: string; to: string; file: string; spec: string }[] {
  const out: { from: string; to: string; file: string; spec: string }[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name)
      if (e.isDirectory()) walk(full)
      else if (full.endsWith('.ts') && !full.endsWith('.test.ts')) {
        const text = fs.readFileSync(full, 'utf8')
        for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm)) {
          const target = path.resolve(path.dirname(full), m[1]!)
          if (!target.startsWith(SRC + path.sep)) continue
          const from = folderOf(path.relative(SRC, full))
          const to = folderOf(path.relative(SRC, target))
          if (from !== to) out.push({ from, to, file: path.relative(SRC, full), spec: m[1]! })
        }
      }
    }
  }
  walk(SRC)
  return out
}

describe('module boundaries (the same rules as the lint rule in eslint.config.js)', () => {
  const edges = importsBetweenFolders()

  test('every folder of src/ is a known layer or feature', () => {
    const folders = fs
      .readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
    const known = new Set<string>([...Object.keys(LAYERS), ...ROOTS])
    assert.deepEqual(
      folders.filter((f) => !known.has(f)),
      [],
      'add a new folder to eslint.boundaries.js',
    )
  })

  test('features import web/, db/, http/, cache/, content/ and accounts/, never each other', () => {
    const bad = edges.filter((e) => !allowedImports(e.from).includes(e.to) && !(e.file === 'db/schema.ts'))
    assert.deepEqual(
      bad.map((e) => `${e.file} imports ${e.spec}`),
      [],
    )
  })

  test('no import cycles between folders', () => {
    const graph = new Map<string, Set<string>>()
    // db/schema.ts gathers each module's table types on purpose (each module owns its tables)
    for (const e of edges) if (e.file !== 'db/schema.ts') (graph.get(e.from) ?? graph.set(e.from, new Set()).get(e.from)!).add(e.to)
    const cycles: string[] = []
    const visit = (node: string, trail: string[]) => {
      for (const next of graph.get(node) ?? []) {
        if (trail.includes(next)) cycles.push([...trail.slice(trail.indexOf(next)), next].join(' → '))
        else visit(next, [...trail, next])
      }
    }
    for (const node of graph.keys()) visit(node, [node])
    assert.deepEqual(cycles, [])
  })

  test('the check finds a forbidden import (it can fail)', () => {
    assert.equal(allowedImports('discussion').includes('counters'), false)
    assert.equal(allowedImports('web').includes('site'), false)
    assert.equal(allowedImports('content').includes('web'), false)
    assert.equal(folderOf('discussion/live/bus.ts'), 'discussion')
    assert.equal(folderOf('app.ts'), 'root')
    assert.equal(folderOf('errors.ts'), 'kernel')
    assert.equal(folderOf('links/module.ts'), 'links:module')
    assert.equal(allowedImports('links:module').includes('contract'), true)
    assert.equal(allowedImports('links').includes('contract'), true)
  })
})
