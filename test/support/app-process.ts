import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface AppNode {
  /** http://127.0.0.1:PORT */
  base: string
  pid: number
  stop(): Promise<void>
}

/**
 * Starts another app node as a separate process (test/support/app-node.ts) on an existing
 * PostgreSQL schema; resolves once it listens. `stop()` ends it with SIGTERM (SIGKILL after 5 s).
 */
export async function startAppNode(options: { url: string; schema: string; timeoutMs?: number; env?: Record<string, string> }): Promise<AppNode> {
  const script = fileURLToPath(new URL('./app-node.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...options.env, APP_NODE_DATABASE_URL: options.url, APP_NODE_SCHEMA: options.schema },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  let m: RegExpExecArray | null
  while (!(m = /^port (\d+)/m.exec(output))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`app node did not start:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { base: `http://127.0.0.1:${m[1]}`, pid: child.pid!, stop }
}
