// Worker thread of the discussion fan-out benchmark: holds N server-sent-event connections to one
// article and reports, for each comment, when every reader received it (process.hrtime, shared
// with the main thread). Plain JavaScript so the worker needs no TypeScript loader.
import http from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'

const { url, readers } = workerData
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })
const arrivals = new Map()
const requests = []
let ready = 0
const nowMs = () => Number(process.hrtime.bigint()) / 1e6

function connect() {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`))
      res.setEncoding('utf8')
      let buffer = ''
      res.on('data', (chunk) => {
        buffer += chunk
        let end
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const at = nowMs()
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event === 'count') {
            ready++
            if (ready === readers) parentPort.postMessage({ type: 'ready' })
          } else if (event === 'comment' && data) {
            const id = JSON.parse(data).id
            const list = arrivals.get(id) ?? []
            list.push(at)
            arrivals.set(id, list)
            if (list.length === readers) {
              arrivals.delete(id)
              parentPort.postMessage({ type: 'delivered', id, times: list })
            }
          }
        }
      })
      res.on('error', () => {})
      resolve()
    })
    req.on('error', reject)
    requests.push(req)
  })
}

// Connect in batches so the listen backlog is not flooded.
for (let i = 0; i < readers; i += 100) await Promise.all(Array.from({ length: Math.min(100, readers - i) }, connect))

parentPort.on('message', (m) => {
  if (m === 'close') {
    for (const r of requests) r.destroy()
    agent.destroy()
    parentPort.close()
  }
})
