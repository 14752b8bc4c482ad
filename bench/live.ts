/**
 * Live radio's now-playing fan-out: N readers hold server-sent event streams open (each from its
 * own address) while one fake Icecast status endpoint counts how often it is asked. Prints how
 * long the streams took to open, the time from a title change at Icecast to each reader having it
 * (p50, p99, max), how many status requests the whole audience cost, and memory per open stream.
 * `npm run bench -- live [readers]` (default 2000).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTestApp } from '../test/support/app.ts'
import { closeTemplate } from '../test/support/databases.ts'
import { machine, quantile, writeResult } from './support.ts'

const INTERVAL_MS = 1000

export async function run(args: string[]): Promise<void> {
  const readers = Number(args[0] ?? process.env.BENCH_READERS ?? 2000)
  let title = 'First'
  let changedAt = 0
  let statusHits = 0
  const status = http.createServer((_req, res) => {
    statusHits++
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ icestats: { source: { listenurl: 'http://x/live.mp3', title, listeners: readers } } }))
  })
  await new Promise<void>((r) => status.listen(0, '127.0.0.1', r))
  const statusUrl = `http://127.0.0.1:${(status.address() as AddressInfo).port}/status-json.xsl`

  const t = await createTestApp({ build: { scheduler: false, live: { pollIntervalMs: INTERVAL_MS } } })
  await t.app.live.stations.create(1, { name: 'Bench Radio', timeZone: 'UTC', streams: ['https://radio.example/live.mp3'], statusUrl })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const port = (t.app.server.address() as AddressInfo).port
  global.gc?.()
  const rssBefore = process.memoryUsage().rss

  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })
  const got: number[] = []
  const requests: http.ClientRequest[] = []
  const opened = Date.now()
  await Promise.all(
    Array.from(
      { length: readers },
      (_, i) =>
        new Promise<void>((resolve, reject) => {
          // each reader from its own address (the app trusts X-Forwarded-For from loopback in tests)
          const headers = { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }
          const req = http.get({ host: '127.0.0.1', port, path: '/live/events?station=bench-radio', agent, headers }, (res) => {
            if (res.statusCode !== 200) return reject(new Error(`reader ${i}: HTTP ${res.statusCode}`))
            let buffer = ''
            let ready = false
            res.setEncoding('utf8')
            res.on('data', (chunk: string) => {
              buffer += chunk
              if (!ready && buffer.includes('"title"')) {
                ready = true
                resolve()
              }
              if (changedAt && buffer.includes('"title":"Second"')) {
                got.push(Date.now() - changedAt)
                buffer = ''
              } else if (buffer.length > 8192) buffer = buffer.slice(-1024)
            })
          })
          req.on('error', reject)
          requests.push(req)
        }),
    ),
  )
  const openMs = Date.now() - opened
  const rssOpen = process.memoryUsage().rss
  const hitsBefore = statusHits
  const windowStart = Date.now()
  title = 'Second'
  changedAt = Date.now()
  const deadline = Date.now() + 30_000
  while (got.length < readers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  const windowSeconds = (Date.now() - windowStart) / 1000
  const sorted = [...got].sort((a, b) => a - b)
  const result = {
    machine: machine(),
    readers,
    pollIntervalMs: INTERVAL_MS,
    openAllMs: openMs,
    received: got.length,
    updateLatencyMs: { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? null },
    statusRequestsDuringUpdate: statusHits - hitsBefore,
    updateWindowSeconds: Math.round(windowSeconds * 10) / 10,
    // app and readers share this process: an upper bound for the server's cost per stream
    rssPerStreamKb: Math.round((rssOpen - rssBefore) / readers / 1024),
  }
  console.log(JSON.stringify(result, null, 2))
  console.log(`wrote ${await writeResult('live', result)}`)
  for (const r of requests) r.destroy()
  await t.close()
  status.closeAllConnections()
  await new Promise((r) => status.close(r))
  await closeTemplate()
}
