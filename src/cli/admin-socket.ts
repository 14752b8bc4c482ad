import { createHash } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Logger } from 'pino'
import type { ProgressUpdate } from '../importers/import-report.ts'
import { COMMAND_NAMES, runCommand, type CommandArgs, type CommandContext, type CommandIO, type CommandName } from './commands.ts'

/**
 * The running server's local admin socket. The embedded database can be open in one process only,
 * so `npx dateline` hands its command to the server that has it open, which runs it with its own
 * database and events (its pages change at once) and sends the output back, a JSON line a message.
 * A Unix socket readable by its owner only: whoever can use it can already read DATA_DIR.
 */

/** Where the server that has DATA_DIR open listens: beside the data folder, or (too long a path for a socket) in the temp folder. */
export function adminSocketPath(dataDir: string): string {
  const beside = `${path.resolve(dataDir)}.sock`
  if (Buffer.byteLength(beside) < 100) return beside
  return path.join(os.tmpdir(), `dateline-${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)}.sock`)
}

/** A request: which command, with arguments the command line already checked. */
interface Request {
  command: CommandName
  args: unknown
}

type Message = { out: string } | { err: string } | { progress: ProgressUpdate } | { exit: number } | { error: string }

const MAX_REQUEST_BYTES = 256 * 1024 * 1024

/** Serves the admin socket until closed; each connection runs one command. */
export async function startAdminSocket(o: { path: string; context: (io: CommandIO) => CommandContext; log: Logger }): Promise<{ close(): Promise<void> }> {
  // a socket file left by a process that died: this process holds the data folder's lock now
  fs.rmSync(o.path, { force: true })
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = []
    let size = 0
    const send = (m: Message) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(m)}\n`)
    }
    socket.on('error', () => {})
    socket.on('data', (chunk: Buffer) => {
      const nl = chunk.indexOf(10)
      chunks.push(nl === -1 ? chunk : chunk.subarray(0, nl))
      size += chunk.length
      if (size > MAX_REQUEST_BYTES) {
        send({ error: 'the request is too large' })
        socket.end()
        return
      }
      if (nl === -1) return
      socket.removeAllListeners('data')
      void handle(Buffer.concat(chunks).toString('utf8'), send).finally(() => socket.end())
    })
  })
  const handle = async (line: string, send: (m: Message) => void) => {
    let request: Request
    try {
      request = JSON.parse(line) as Request
      if (!COMMAND_NAMES.includes(request.command)) throw new Error(`unknown command ${String(request.command)}`)
    } catch (e) {
      send({ error: `bad request: ${e instanceof Error ? e.message : String(e)}` })
      return
    }
    o.log.info({ command: request.command }, 'admin socket: running a command')
    try {
      const io: CommandIO = { out: (s) => send({ out: s }), err: (s) => send({ err: s }), progress: (p) => send({ progress: p }) }
      const code = await runCommand(o.context(io), request.command, request.args as CommandArgs[typeof request.command])
      send({ exit: code })
    } catch (e) {
      send({ error: e instanceof Error ? e.message : String(e) })
      // the full error (stack, details) stays in the server's log
      if (!(e instanceof Error && (e as { code?: unknown }).code !== undefined))
        o.log.warn({ err: e, command: request.command }, 'admin socket: command failed')
    }
  }
  const previous = process.umask(0o077)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(o.path, () => resolve())
    })
  } finally {
    process.umask(previous)
  }
  fs.chmodSync(o.path, 0o600)
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        fs.rmSync(o.path, { force: true })
      }),
  }
}

/** Raised when the running server cannot be asked (no socket, refused, or it went away mid-command). */
export class AdminSocketError extends Error {}

/** Sends a command to the running server and relays its output; resolves to the command's exit code. */
export function sendToServer(socketPath: string, command: CommandName, args: unknown, io: CommandIO): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath)
    let buffer = ''
    let done = false
    const finish = (fn: () => void) => {
      if (done) return
      done = true
      socket.destroy()
      fn()
    }
    socket.on('connect', () => socket.write(`${JSON.stringify({ command, args })}\n`))
    socket.setEncoding('utf8')
    socket.on('data', (data: string) => {
      buffer += data
      let nl: number
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const m = JSON.parse(buffer.slice(0, nl)) as Message
        buffer = buffer.slice(nl + 1)
        if ('out' in m) io.out(m.out)
        else if ('err' in m) io.err(m.err)
        else if ('progress' in m) io.progress?.(m.progress)
        else if ('exit' in m) return finish(() => resolve(m.exit))
        else if ('error' in m) return finish(() => reject(new Error(m.error)))
      }
    })
    socket.on('error', (e: NodeJS.ErrnoException) =>
      finish(() => reject(new AdminSocketError(`the running Dateline server does not answer on ${socketPath} (${e.code ?? e.message})`))),
    )
    socket.on('close', () => finish(() => reject(new AdminSocketError('the running Dateline server closed the connection before the command finished'))))
  })
}
