import type { FastifyReply, FastifyRequest } from 'fastify'

/** An open server-sent events response. */
export interface EventStream {
  /** Sends one event; false once the stream is closed. */
  send(event: string, data: unknown): boolean
  close(): void
  readonly closed: boolean
}

// A reader that stops reading gets disconnected rather than buffered without end.
const MAX_BUFFERED = 1_000_000

/**
 * Takes over the response and opens a text/event-stream with a retry hint and a heartbeat
 * comment (so proxies keep it open); `onClose` runs once when the reader goes away.
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
  const finish = () => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    options.onClose()
  }
  const write = (chunk: string) => {
    if (closed) return false
    if (res.writableLength > MAX_BUFFERED) {
      finish()
      res.destroy()
      return false
    }
    res.write(chunk)
    return true
  }
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs)
  heartbeat.unref()
  request.raw.on('close', finish)
  res.on('close', finish)
  res.on('error', finish)
  return {
    // JSON has no raw newlines, so one data line carries the whole message.
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    close() {
      finish()
      res.end()
    },
    get closed() {
      return closed
    },
  }
}
