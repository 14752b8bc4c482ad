/**
 * A live HLS stream for tests: ffmpeg writes a generated tone as AAC segments and a rolling
 * playlist into a temp folder, and a small HTTP server on a free loopback port serves them with
 * CORS (hls.js fetches them from another origin than the site's).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './icecast.ts'

const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg'

export interface HlsStream {
  /** The playlist URL ("http://127.0.0.1:PORT/live.m3u8"). */
  url: string
  origin: string
  /** Paths the browser asked for, in order. */
  requests: string[]
  stop(): Promise<void>
}

const TYPES: Record<string, string> = { '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t' }

/** Starts the encoder and the server; resolves once the playlist lists a few segments. */
export async function startHlsStream(): Promise<HlsStream> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-hls-'))
  const encoder: ChildProcess = spawn(
    FFMPEG,
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=660:sample_rate=44100',
      '-ac',
      '1',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      '-f',
      'hls',
      '-hls_time',
      '1',
      '-hls_list_size',
      '6',
      '-hls_flags',
      'delete_segments+omit_endlist',
      path.join(dir, 'live.m3u8'),
    ],
    { stdio: 'ignore' },
  )
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname)
    requests.push(name)
    const file = path.join(dir, name)
    res.setHeader('access-control-allow-origin', '*')
    res.setHeader('cache-control', 'no-store')
    if (!TYPES[path.extname(name)] || !fs.existsSync(file)) return void res.writeHead(404).end()
    res.setHeader('content-type', TYPES[path.extname(name)]!)
    res.end(fs.readFileSync(file))
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const playlist = path.join(dir, 'live.m3u8')
  const end = Date.now() + 15_000
  while (!(fs.existsSync(playlist) && (fs.readFileSync(playlist, 'utf8').match(/\.ts/g) ?? []).length >= 3)) {
    if (Date.now() > end) throw new Error('ffmpeg wrote no HLS playlist')
    await new Promise((r) => setTimeout(r, 200))
  }
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/live.m3u8`,
    origin,
    requests,
    async stop() {
      encoder.kill('SIGTERM')
      if (encoder.exitCode === null && encoder.signalCode === null) await new Promise((r) => encoder.once('exit', r))
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
