/**
 * Benchmarks, one file each, run by name: `npm run bench` runs them all, `npm run bench -- NAME
 * [args]` one. Each prints its numbers and writes JSON under bench/results/. Never part of
 * `npm test`: timings depend on the machine.
 */
const BENCHES: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  'discussion-fanout': () => import('./discussion-fanout.ts'),
  pages: () => import('./pages.ts'),
  links: () => import('./links.ts'),
  search: () => import('./search.ts'),
  sitemap: () => import('./sitemap.ts'),
  live: () => import('./live.ts'),
  start: () => import('./start.ts'),
  images: () => import('./images.ts'),
  import: () => import('./import.ts'),
  lighthouse: () => import('./lighthouse.ts'),
  editions: () => import('./editions.ts'),
}

const [name, ...args] = process.argv.slice(2).filter((a) => a !== '--')
const names = name ? [name] : Object.keys(BENCHES)
for (const n of names) {
  const load = BENCHES[n]
  if (!load) {
    console.error(`unknown benchmark "${n}"; known: ${Object.keys(BENCHES).join(', ')}`)
    process.exit(2)
  }
  console.log(`\n== ${n} ==`)
  await (await load()).run(name ? args : [])
}
process.exit(0)
