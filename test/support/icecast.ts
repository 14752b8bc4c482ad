/**
 * A real Icecast server and a real encoder for live-radio tests: Debian's icecast2 on a free
 * loopback port with a config written to a temp folder (no daemon, no chroot), fed by ffmpeg
 * sending a generated tone as MP3. Tests skip, saying why, where either program is missing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const ICECAST = process.env.ICECAST_PATH ?? '/usr/bin/icecast2'
const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg'

/** Why Icecast tests cannot run here, or undefined when they can. */
export function icecastSkipReason(): string | undefined {
  if (!fs.existsSync(ICECAST)) return `icecast2 is not installed at ${ICECAST} (apt-get install icecast2)`
  if (!fs.existsSync(FFMPEG)) return `ffmpeg is not installed at ${FFMPEG} (apt-get install ffmpeg)`
  return undefined
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export interface IcecastServer {
  port: number
  base: string
  statusUrl: string
  /** Starts ffmpeg sending a tone to `mount` ("/live.mp3"). */
  startEncoder(mount: string): Promise<void>
  /** Stops the encoder, as if the studio went off air. */
  stopEncoder(): Promise<void>
  /** Sets the title on air the way MP3 source clients do (Icecast's metadata admin call). */
  setTitle(mount: string, title: string): Promise<void>
  /** Current status JSON. */
  status(): Promise<unknown>
  stop(): Promise<void>
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check().catch(() => false)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()))
}

/** Starts Icecast with a fresh config in a temp folder; `stop()` ends it and removes the folder. */
export async function startIcecast(): Promise<IcecastServer> {
  const port = await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-icecast-'))
  const sourcePassword = randomBytes(8).toString('hex')
  const adminPassword = randomBytes(8).toString('hex')
  const asRoot = process.getuid?.() === 0
  // Icecast refuses to run as root; told to, it drops to an unprivileged user after reading its config.
  let changeOwner = ''
  if (asRoot) {
    const group = execFileSync('id', ['-gn', 'nobody'], { encoding: 'utf8' }).trim()
    changeOwner = `<changeowner><user>nobody</user><group>${xml(group)}</group></changeowner>`
    fs.chmodSync(dir, 0o777)
  }
  const config = `<icecast>
  <location>test</location><admin>test@localhost</admin>
  <limits><clients>50</clients><sources>4</sources><source-timeout>5</source-timeout><burst-on-connect>1</burst-on-connect><burst-size>65536</burst-size></limits>
  <authentication><source-password>${sourcePassword}</source-password><admin-user>admin</admin-user><admin-password>${adminPassword}</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>${port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>1</fileserve>
  <paths><basedir>${xml(dir)}</basedir><logdir>${xml(dir)}</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
  <logging><errorlog>error.log</errorlog><accesslog>access.log</accesslog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>${changeOwner}</security>
</icecast>`
  const configFile = path.join(dir, 'icecast.xml')
  fs.writeFileSync(configFile, config)
  const icecast = spawn(ICECAST, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  icecast.stderr!.on('data', (d) => (stderr += String(d)))
  const base = `http://127.0.0.1:${port}`
  try {
    await waitFor(async () => (await fetch(`${base}/status-json.xsl`)).ok, `Icecast on port ${port}`)
  } catch (e) {
    icecast.kill('SIGKILL')
    throw new Error(`Icecast did not start: ${stderr.trim() || (e as Error).message}`, { cause: e })
  }

  let encoder: ChildProcess | undefined
  const sources = async () => {
    const s = (await (await fetch(`${base}/status-json.xsl`)).json()) as { icestats: { source?: unknown } }
    const raw = s.icestats.source
    return (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) as { listenurl: string }[]
  }
  const server: IcecastServer = {
    port,
    base,
    statusUrl: `${base}/status-json.xsl`,
    async startEncoder(mount) {
      await server.stopEncoder()
      encoder = spawn(
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
          'sine=frequency=440:sample_rate=44100',
          '-ac',
          '1',
          '-c:a',
          'libmp3lame',
          '-b:a',
          '64k',
          '-content_type',
          'audio/mpeg',
          '-ice_name',
          'Dateline test tone',
          '-f',
          'mp3',
          `icecast://source:${sourcePassword}@127.0.0.1:${port}${mount}`,
        ],
        { stdio: 'ignore' },
      )
      await waitFor(async () => (await sources()).some((s) => s.listenurl.endsWith(mount)), `the encoder on ${mount}`)
    },
    async stopEncoder() {
      if (!encoder) return
      const e = encoder
      encoder = undefined
      e.kill('SIGTERM')
      await exited(e)
    },
    async setTitle(mount, title) {
      const url = `${base}/admin/metadata?mount=${encodeURIComponent(mount)}&mode=updinfo&song=${encodeURIComponent(title)}`
      const res = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}` } })
      if (!res.ok) throw new Error(`Icecast refused the title update: HTTP ${res.status}`)
    },
    async status() {
      return (await fetch(`${base}/status-json.xsl`)).json()
    },
    async stop() {
      await server.stopEncoder()
      icecast.kill('SIGTERM')
      const done = exited(icecast)
      const force = setTimeout(() => icecast.kill('SIGKILL'), 3000)
      await done
      clearTimeout(force)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
  return server
}
