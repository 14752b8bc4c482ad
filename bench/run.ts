/**
 * Benchmarks, run by `npm run bench` (all) or `npm run bench -- NAME [args]`. Each benchmark is
 * its own file exporting `run(args)`; results are written as JSON under bench/results/.
 * Not part of `npm test`: timings depend on the machine.
 */
const BENCHMARKS: Record<string, string> = {
  search: './search.ts',
  sitemap: './sitemap.ts',
}

const [name, ...args] = process.argv.slice(2)
const names = name ? [name] : Object.keys(BENCHMARKS)
for (const n of names) {
  const file = BENCHMARKS[n]
  if (!file) {
    console.error(`Unknown benchmark "${n}". Known: ${Object.keys(BENCHMARKS).join(', ')}`)
    process.exit(2)
  }
  const mod = (await import(file)) as { run(args: string[]): Promise<void> }
  console.log(`\n## ${n}`)
  await mod.run(args)
}
