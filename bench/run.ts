/**
 * Benchmarks, one file each, run by name: `npm run bench` runs them all, `npm run bench -- links`
 * one. Each prints its numbers and writes JSON under bench/results/. Never part of `npm test`.
 */
const BENCHES: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  links: () => import('./links.ts'),
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const names = wanted.length ? wanted : Object.keys(BENCHES)
for (const name of names) {
  const load = BENCHES[name]
  if (!load) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`)
    process.exit(2)
  }
  console.log(`\n== ${name} ==`)
  await (await load()).run()
}
process.exit(0)
