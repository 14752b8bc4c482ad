import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'

/**
 * fetch() for requests the server makes on an administrator's behalf (a station's status URL):
 * the address is checked after DNS resolution, at connect time (a `lookup` that refuses, so a name
 * that re-resolves cannot slip past), and again on every redirect. Loopback, private, link-local,
 * shared, multicast and cloud metadata addresses are refused unless `allowed` names them
 * (FETCH_ALLOWED_ADDRESSES). Errors never carry the fetched body.
 */
const BLOCKED: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
]
const blocked = new net.BlockList()
for (const [a, p, f] of BLOCKED) blocked.addSubnet(a, p, f)

export class RefusedAddressError extends Error {
  readonly code = 'EADDRREFUSED'
  constructor(readonly address: string) {
    super(`the address ${address} is private, loopback or link-local; not fetched (FETCH_ALLOWED_ADDRESSES can allow it)`)
  }
}

/** An allow-list from "127.0.0.1,10.0.0.0/8,::1". */
export function allowList(entries: readonly string[]): net.BlockList {
  const list = new net.BlockList()
  for (const e of entries) {
    const [addr, prefix] = e.split('/') as [string, string | undefined]
    const family = net.isIPv6(addr) ? 'ipv6' : 'ipv4'
    if (prefix !== undefined) list.addSubnet(addr, Number(prefix), family)
    else list.addAddress(addr, family)
  }
  return list
}

/** True when the server may connect to `address`. */
export function addressAllowed(address: string, allowed: net.BlockList): boolean {
  const family = net.isIPv6(address) ? 'ipv6' : 'ipv4'
  let v4 = address
  // an IPv4-mapped IPv6 address is checked as the IPv4 address it is
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) v4 = mapped[1]!
  if (allowed.check(address, family) || (mapped && allowed.check(v4, 'ipv4'))) return true
  if (mapped) return !blocked.check(v4, 'ipv4')
  return !blocked.check(address, family)
}

/** A fetch-compatible function that refuses internal addresses; at most `maxBytes` of body, 5 redirects. */
export function createSafeFetch(options: { allowed: readonly string[]; maxBytes?: number }): typeof fetch {
  const allowed = allowList(options.allowed)
  const maxBytes = options.maxBytes ?? 1_048_576
  const lookup: net.LookupFunction = (hostname, opts, callback) => {
    dns.lookup(hostname, { ...opts, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4)
      const list = addresses as dns.LookupAddress[]
      const bad = list.find((a) => !addressAllowed(a.address, allowed))
      if (bad || !list.length) return callback(new RefusedAddressError(bad?.address ?? hostname), '', 4)
      if ((opts as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
  const once = (url: URL, init: RequestInit | undefined): Promise<{ status: number; headers: Headers; body: Buffer }> =>
    new Promise((resolve, reject) => {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return reject(new TypeError(`only http and https URLs are fetched`))
      const host = url.hostname.replace(/^\[|\]$/g, '')
      if (net.isIP(host) && !addressAllowed(host, allowed)) return reject(new RefusedAddressError(host))
      const req = (url.protocol === 'https:' ? https : http).request(
        url,
        { method: init?.method ?? 'GET', headers: init?.headers as http.OutgoingHttpHeaders, lookup, signal: init?.signal ?? undefined },
        (res) => {
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (c: Buffer) => {
            size += c.length
            if (size > maxBytes) {
              res.destroy()
              return
            }
            chunks.push(c)
          })
          res.on('end', () => {
            const headers = new Headers()
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v)
            resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) })
          })
          res.on('close', () => {
            if (size > maxBytes) resolve({ status: res.statusCode ?? 502, headers: new Headers(), body: Buffer.concat(chunks) })
          })
          res.on('error', reject)
        },
      )
      req.on('error', (e) => reject(Object.assign(new TypeError('fetch failed'), { cause: e })))
      req.end()
    })
  return (async (input: string | URL | Request, init?: RequestInit) => {
    let url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url)
    for (let hop = 0; ; hop++) {
      const r = await once(url, init)
      const location = r.headers.get('location')
      if (r.status >= 300 && r.status < 400 && location && init?.redirect !== 'manual') {
        if (hop >= 5) throw new TypeError('fetch failed', { cause: new Error('too many redirects') })
        url = new URL(location, url)
        continue
      }
      return new Response(r.status === 204 || r.status === 304 ? null : new Uint8Array(r.body), { status: r.status, headers: r.headers })
    }
  }) as typeof fetch
}
