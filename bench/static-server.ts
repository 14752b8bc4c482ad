/**
 * A baseline server for the page benchmark: the same bytes from memory, either from a minimal
 * node:http server or (BARE_FASTIFY=1) from a bare Fastify route — the ceiling a cache hit can reach.
 */
import fs from 'node:fs'
import http from 'node:http'
import Fastify from 'fastify'

const body = fs.readFileSync(process.env.STATIC_FILE!)
const extra = Object.fromEntries(JSON.parse(process.env.STATIC_HEADERS ?? '[]') as [string, string][])
if (process.env.BARE_FASTIFY) {
  const app = Fastify()
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(body))
  await app.listen({ port: 0, host: '127.0.0.1' })
  console.log(`port ${(app.server.address() as { port: number }).port}`)
} else {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { ...extra, 'content-type': 'text/html; charset=utf-8', 'content-length': body.length })
    res.end(body)
  })
  server.listen(0, '127.0.0.1', () => console.log(`port ${(server.address() as { port: number }).port}`))
}
process.on('SIGTERM', () => process.exit(0))
