import net from 'node:net'

/**
 * A TCP proxy in front of the test PostgreSQL server: stopping it is the database going down for
 * the app (open connections cut, new ones refused); starting it again is the database returning.
 * Freezing it is a database that hangs: every connection stays open, new ones are accepted, and
 * nothing is forwarded either way until it thaws (then what waited is delivered, as after a stall).
 */
export class TcpProxy {
  private server: net.Server | undefined
  private readonly sockets = new Set<net.Socket>()
  private readonly pairs = new Set<[net.Socket, net.Socket]>()
  private frozen = false
  port = 0

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = this.port): Promise<number> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      const pair: [net.Socket, net.Socket] = [client, upstream]
      this.pairs.add(pair)
      client.on('close', () => this.pairs.delete(pair))
      if (!this.frozen) link(pair)
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    this.server = server
    this.port = (server.address() as net.AddressInfo).port
    return this.port
  }

  /** Stops forwarding on every connection, open or new, while keeping them all open. */
  freeze(): void {
    this.frozen = true
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream)
      upstream.unpipe(client)
      client.pause()
      upstream.pause()
    }
  }

  /** Forwards again, what waited first. */
  thaw(): void {
    this.frozen = false
    for (const pair of this.pairs) link(pair)
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

function link([client, upstream]: [net.Socket, net.Socket]): void {
  client.pipe(upstream)
  upstream.pipe(client)
}
