import net from 'node:net'
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Why Redis tests cannot run here, or undefined when a Redis server answers. */
export async function redisSkipReason(): Promise<string | undefined> {
  const u = new URL(TEST_REDIS_URL)
  const ok = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) })
    const done = (v: boolean) => {
      socket.destroy()
      resolve(v)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => {
      socket.write('PING\r\n')
      socket.once('data', (d) => done(d.toString().startsWith('+PONG')))
    })
  })
  return ok ? undefined : `no Redis answers at ${TEST_REDIS_URL}`
}

/** A key prefix of its own for one test run, so parallel runs never share keys. */
export function testRedisPrefix(): string {
  return `dateline-test:${process.pid}:${randomBytes(4).toString('hex')}:`
}

/** Deletes every key under `prefix`. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL)
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      cursor = next
      if (keys.length) await redis.del(...keys)
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}
