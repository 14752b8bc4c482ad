import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'

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
 * comment (so proxies keep it open); `onClose` runs once when the reader goes away. A reader
 * that stops reading (a megabyte waiting for it) is disconnected.
 */
export function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { retryMs: number; heartbeatMs: number; onClose: () => void },
): EventStream {
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
  })
  // HEAD asks for the headers only: answered and ended, never held open like a stream
  if (request.method === 'HEAD') res.end()
  else res.write(`retry: ${options.retryMs}\n\n`)
  let closed = false
  const finish = () => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    options.onClose()
  }
  const write = (chunk: string) => {
    if (closed || res.writableEnded) return false
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

/**
 * How many event streams (discussion and radio alike) one address may hold open at once: enough
 * for a household or a newsroom behind one NAT with many tabs, not enough for one client to take
 * every socket the server has.
 */
export class StreamQuota {
  private readonly open = new Map<string, number>()

  constructor(readonly perAddress: number) {}

  /**
   * Counts a stream for `address` and returns its release (call it once, when the stream ends),
   * or throws RATE_LIMITED (429) when the address already holds its share.
   */
  acquire(address: string): () => void {
    const n = this.open.get(address) ?? 0
    if (this.perAddress > 0 && n >= this.perAddress) {
      throw new AppError('RATE_LIMITED', { message: `Too many live connections from your network (at most ${this.perAddress}). Close some tabs and reload.` })
    }
    this.open.set(address, n + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.open.get(address) ?? 1) - 1
      if (left > 0) this.open.set(address, left)
      else this.open.delete(address)
    }
  }

  /** Streams open from `address` now. */
  count(address: string): number {
    return this.open.get(address) ?? 0
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Shared by every event-stream route of this node. */
    streamQuota: StreamQuota
  }
}
