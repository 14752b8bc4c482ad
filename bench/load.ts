import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import autocannon from 'autocannon'

const run = promisify(execFile)

export interface LoadResult {
  tool: 'wrk' | 'autocannon'
  requests: number
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
}

export const HAVE_WRK = spawnSync('wrk', ['--version']).error === undefined

function ms(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim())
  if (!m) return NaN
  const v = Number(m[1])
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v
}

/** Drives `url` for `seconds` with `connections`: wrk where installed (as in the numbers), else autocannon. */
export async function load(url: string, o: { seconds: number; connections: number; threads?: number; rate?: number }): Promise<LoadResult> {
  if (HAVE_WRK && o.rate === undefined) {
    const { stdout } = await run('wrk', [`-t${Math.min(o.threads ?? 2, o.connections)}`, `-c${o.connections}`, `-d${o.seconds}s`, '--latency', url], {
      maxBuffer: 1 << 20,
    })
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1])
    const requests = Number(/(\d+) requests in/.exec(stdout)?.[1])
    const p50 = ms(/\n\s+50%\s+(\S+)/.exec(stdout)?.[1] ?? '')
    const p99 = ms(/\n\s+99%\s+(\S+)/.exec(stdout)?.[1] ?? '')
    const errorsLine = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)
    const errors = errorsLine ? errorsLine.slice(1).reduce((a, b) => a + Number(b), 0) : 0
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0)
    return { tool: 'wrk', requests, rps, p50, p99, errors, non2xx }
  }
  const r = await autocannon({ url, connections: o.connections, duration: o.seconds, ...(o.rate ? { overallRate: o.rate } : {}), workers: 0 })
  return {
    tool: 'autocannon',
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx - (r['3xx'] ?? 0),
  }
}
