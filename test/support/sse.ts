import http from 'node:http'

export interface SseEvent {
  event: string
  data: string
  /** process.hrtime when the event was read, in ms. */
  at: number
}

/** A server-sent events reader over plain HTTP, for tests and benchmarks. */
export interface SseClient {
  /** The next event with this name (earlier ones of other names are skipped); rejects after `timeoutMs`. */
  next(name: string, timeoutMs?: number): Promise<SseEvent>
  close(): void
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6

/** Connects to an event stream; resolves once the response headers arrived. */
export function openSse(url: string, agent?: http.Agent): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const queue: SseEvent[] = []
    const waiters: { name: string; resolve: (e: SseEvent) => void }[] = []
    const deliver = (e: SseEvent) => {
      const i = waiters.findIndex((w) => w.name === e.event)
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(e)
      else queue.push(e)
    }
    const req = http.get(url, { headers: { accept: 'text/event-stream' }, ...(agent ? { agent } : {}) }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`event stream answered ${res.statusCode}`))
        res.resume()
        return
      }
      res.setEncoding('utf8')
      let buffer = ''
      res.on('data', (chunk: string) => {
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          let event = 'message'
          const data: string[] = []
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7)
            else if (line.startsWith('data: ')) data.push(line.slice(6))
          }
          if (data.length) deliver({ event, data: data.join('\n'), at: nowMs() })
        }
      })
      res.on('error', () => {})
      resolve({
        next(name, timeoutMs = 10_000) {
          const i = queue.findIndex((e) => e.event === name)
          if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0]!)
          return new Promise((ok, fail) => {
            const w = { name, resolve: (e: SseEvent) => (clearTimeout(timer), ok(e)) }
            const timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(w), 1)
              fail(new Error(`no "${name}" event within ${timeoutMs} ms`))
            }, timeoutMs)
            waiters.push(w)
          })
        },
        close() {
          req.destroy()
        },
      })
    })
    req.on('error', reject)
  })
}

export { nowMs }
