import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'

/**
 * Outgoing HTTP requests to addresses that someone else chose (webhook endpoints, polled wire
 * feeds): the host name is resolved first and the request refused when any address it resolves
 * to is loopback, private, link-local, multicast or otherwise not on the public internet, unless
 * the operator lists it in FETCH_ALLOWED_ADDRESSES. The connection then goes to the address that
 * was checked (no second lookup a DNS rebinding could change). Redirects are not followed.
 */

const BLOCKED = new net.BlockList()
for (const [net4, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net4, bits, 'ipv4')
for (const [net6, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net6, bits, 'ipv6')

export class UnsafeAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`refused: ${host} resolves to ${address}, which is not a public address (FETCH_ALLOWED_ADDRESSES can allow it)`)
    this.name = 'UnsafeAddressError'
  }
}

/** A list of addresses and CIDR ranges (FETCH_ALLOWED_ADDRESSES: "127.0.0.1, 10.0.0.0/8, ::1"); throws on a bad entry. */
export function parseAddressList(text: string): net.BlockList {
  const list = new net.BlockList()
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const [address, bits] = entry.split('/')
    const family = net.isIP(address ?? '')
    if (!family) throw new Error(`"${entry}" is not an IP address or CIDR range`)
    const type = family === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(address!, type)
    else {
      const n = Number(bits)
      if (!/^\d{1,3}$/.test(bits) || n > (family === 6 ? 128 : 32)) throw new Error(`"${entry}" has a bad prefix length`)
      list.addSubnet(address!, n, type)
    }
  }
  return list
}

/** True when an address may be fetched: public, or allowed by the operator. */
export function isAllowedAddress(address: string, allowed?: net.BlockList): boolean {
  const family = net.isIP(address)
  if (!family) return false
  const type = family === 6 ? 'ipv6' : 'ipv4'
  if (allowed?.check(address, type)) return true
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is the IPv4 address
  const mapped = type === 'ipv6' ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined
  if (mapped) return isAllowedAddress(mapped, allowed)
  return !BLOCKED.check(address, type)
}

export interface SafeRequest {
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string | Buffer
  /** The whole exchange must finish within this (default 10 s). */
  timeoutMs?: number
  /** Larger responses are cut off with an error (default 1 MiB). */
  maxBytes?: number
  allowed?: net.BlockList | undefined
}

export interface SafeResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** Sends one HTTP(S) request to a public address (see above); rejects with UnsafeAddressError otherwise. */
export async function safeFetch(target: string | URL, o: SafeRequest = {}): Promise<SafeResponse> {
  const url = new URL(target)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`refused: only http and https addresses are fetched, not ${url.protocol}`)
  if (url.username || url.password) throw new Error('refused: addresses with a user name or password are not fetched')
  const host = url.hostname.replace(/^\[|\]$/g, '')
  // a literal address is never looked up: check it here
  if (net.isIP(host) && !isAllowedAddress(host, o.allowed)) throw new UnsafeAddressError(host, host)
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 4)
      const bad = addresses.find((a) => !isAllowedAddress(a.address, o.allowed))
      if (bad || addresses.length === 0) return callback(new UnsafeAddressError(hostname, bad?.address ?? 'nothing'), '', 4)
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses)
      const first = addresses[0]!
      callback(null, first.address, first.family)
    })
  }
  const timeoutMs = o.timeoutMs ?? 10_000
  const maxBytes = o.maxBytes ?? 1 << 20
  return new Promise<SafeResponse>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: o.method ?? 'GET', headers: o.headers, lookup, signal: AbortSignal.timeout(timeoutMs), agent: false },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (c: Buffer) => {
          size += c.length
          if (size > maxBytes) {
            request.destroy(new Error(`the response is larger than ${maxBytes} bytes`))
            return
          }
          chunks.push(c)
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(o.body)
  })
}
