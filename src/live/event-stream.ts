import type { FastifyReply, FastifyRequest } from 'fastify'

/** An open server-sent events response. */
export interface EventStream {
  send(event: string, data: unknown): void
  close(): void
  readonly closed: boolean
}

/**
 * Takes over the response and opens a text/event-stream: a retry hint, a comment every
 * `heartbeatMs` so proxies keep the connection, and `onClose` once the reader goes away.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, options: { retryMs: number; heartbeatMs: number; onClose: () => void }): EventStream {
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
  })
  res.write(`retry: ${options.retryMs}\n\n`)
  let closed = false
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs)
  heartbeat.unref()
  const finish = () => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    options.onClose()
  }
  request.raw.on('close', finish)
  res.on('close', finish)
  res.on('error', finish)
  return {
    send(event, data) {
      if (closed) return
      // JSON has no raw newlines, so one data line carries the whole message.
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    },
    close() {
      finish()
      res.end()
    },
    get closed() {
      return closed
    },
  }
}
