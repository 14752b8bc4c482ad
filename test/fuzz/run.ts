/**
 * `npm run fuzz`: the fuzz harness from the command line (loopback only). Options:
 *   --requests N   how many requests (default 10000)     --seconds S   time limit (default 900)
 *   --seed N       repeat a run                          --concurrency N  (default 8)
 *   --database pglite|postgres   (default: postgres when DATABASE_URL is set, else pglite)
 *   --out FILE     also write the report as JSON (e.g. bench/results/fuzz-pglite.json)
 * Exits 1 when any request got a 5xx or no answer, or the site's process died.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import { Command, InvalidArgumentError } from 'commander'
import { runFuzz } from './harness.ts'

const whole = (name: string, max: number) => (v: string) => {
  if (!/^[0-9]{1,9}$/.test(v) || Number(v) < 1 || Number(v) > max) throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}`)
  return Number(v)
}
const program = new Command('fuzz')
  .option('--requests <n>', 'how many requests', whole('--requests', 10_000_000), 10_000)
  .option('--seconds <n>', 'time limit', whole('--seconds', 86_400), 900)
  .option('--seed <n>', 'seed, to repeat a run', whole('--seed', 2 ** 31 - 1))
  .option('--concurrency <n>', 'requests in flight', whole('--concurrency', 256), 8)
  .option('--database <kind>', 'pglite or postgres (needs DATABASE_URL)')
  .option('--out <file>', 'write the report as JSON')
  .parse()
const o = program.opts<{ requests: number; seconds: number; seed?: number; concurrency: number; database?: string; out?: string }>()
const kind = o.database ?? (process.env.DATABASE_URL ? 'postgres' : 'pglite')
if (kind !== 'pglite' && kind !== 'postgres') program.error('--database must be pglite or postgres')
if (kind === 'postgres' && !process.env.DATABASE_URL) program.error('--database postgres needs DATABASE_URL')

console.log(`fuzzing on ${kind}: up to ${o.requests} requests or ${o.seconds} s, ${o.concurrency} in flight (loopback only)`)
const report = await runFuzz({
  requests: o.requests,
  seconds: o.seconds,
  concurrency: o.concurrency,
  ...(o.seed !== undefined ? { seed: o.seed } : {}),
  ...(kind === 'postgres' ? { databaseUrl: process.env.DATABASE_URL! } : {}),
  progress: (line) => console.log(`  ${line}`),
})
console.log(
  `${report.requests} requests on ${report.routes} routes in ${report.seconds} s (${report.requestsPerSecond}/s, seed ${report.seed}): ` +
    `${report.serverErrors} server errors or unanswered, ${report.crash ? 'the process DIED' : 'no crash'}, ${report.loggedErrors} errors logged`,
)
console.log(
  `answers: ${Object.entries(report.statuses)
    .map(([k, v]) => `${k}×${v}`)
    .join(' ')}`,
)
for (const s of report.samples.slice(0, 10))
  console.log(`  ${s.status} ${s.method} ${s.path} as ${s.as} [${s.contentType}] ${s.body.slice(0, 120)} → ${s.answer.slice(0, 200)}`)
for (const c of report.clientRefusals.slice(0, 10)) console.log(`  not sent or reset: ${c}`)
if (report.crash) console.log(report.crash)
if (o.out) {
  const machine = { node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10) }
  await fs.writeFile(o.out, JSON.stringify({ bench: 'fuzz', when: new Date().toISOString(), machine, ...report }, null, 2) + '\n')
  console.log(`written to ${o.out}`)
}
process.exit(report.serverErrors > 0 || report.crash ? 1 : 0)
