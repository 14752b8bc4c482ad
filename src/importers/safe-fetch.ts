import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'

/**
 * Fetches a picture named in an export without letting the export reach inside our network: every
 * address a host name resolves to is checked, and loopback, private, link-local, CGNAT, multicast
 * and unspecified addresses are refused unless `allowPrivate` (a test server, an intranet). The
 * check sits in the socket's own DNS lookup, so a name cannot resolve to one address for the check
 * and another for the connection; redirects are followed (three at most) and checked the same way.
 */

const BLOCKED = new net.BlockList()
for (const [a, p] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(a, p, 'ipv4')
for (const [a, p] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(a, p, 'ipv6')

/** True when an address is one an export may not make us connect to. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address)
  if (family === 0) return true
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
    if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4')
  }
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

export class FetchRefused extends Error {}

export interface SafeFetchOptions {
  allowPrivate?: boolean
  maxBytes?: number
  timeoutMs?: number
}

/** GETs a URL (http or https) and returns its bytes; throws FetchRefused with a reason a report can print. */
export async function safeFetch(url: string, o: SafeFetchOptions = {}): Promise<{ bytes: Buffer; contentType: string }> {
  let current = url
  for (let hop = 0; hop < 4; hop++) {
    const r = await getOnce(current, o)
    if ('redirect' in r) {
      current = new URL(r.redirect, current).toString()
      continue
    }
    return r
  }
  throw new FetchRefused('too many redirects')
}

function getOnce(url: string, o: SafeFetchOptions): Promise<{ bytes: Buffer; contentType: string } | { redirect: string }> {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return Promise.reject(new FetchRefused('not a URL'))
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return Promise.reject(new FetchRefused(`${u.protocol} URLs are not fetched`))
  if (u.username || u.password) return Promise.reject(new FetchRefused('URLs with credentials are not fetched'))
  const maxBytes = o.maxBytes ?? 25 * 1024 * 1024
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4)
      const list = addresses as unknown as dns.LookupAddress[]
      const bad = list.find((a) => isPrivateAddress(a.address))
      if (bad && !o.allowPrivate) return callback(new FetchRefused(`${hostname} resolves to a private address (${bad.address})`), '', 4)
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
  const host = u.hostname.replace(/^\[|\]$/g, '')
  if (net.isIP(host) && isPrivateAddress(host) && !o.allowPrivate) return Promise.reject(new FetchRefused(`${host} is a private address`))
  return new Promise((resolve, reject) => {
    const req = (u.protocol === 'https:' ? https : http).get(
      u,
      { lookup, timeout: o.timeoutMs ?? 20_000, headers: { 'user-agent': 'Dateline importer' } },
      (res) => {
        const status = res.statusCode ?? 0
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume()
          return resolve({ redirect: res.headers.location })
        }
        if (status !== 200) {
          res.resume()
          return reject(new FetchRefused(`HTTP ${status}`))
        }
        const declared = Number(res.headers['content-length'] ?? 0)
        if (declared > maxBytes) {
          res.destroy()
          return reject(new FetchRefused(`larger than ${Math.round(maxBytes / 1048576)} MB`))
        }
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (c: Buffer) => {
          size += c.length
          if (size > maxBytes) {
            res.destroy()
            reject(new FetchRefused(`larger than ${Math.round(maxBytes / 1048576)} MB`))
          } else chunks.push(c)
        })
        res.on('end', () => resolve({ bytes: Buffer.concat(chunks), contentType: String(res.headers['content-type'] ?? '') }))
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new FetchRefused('timed out')))
    req.on('error', (e) => reject(e instanceof FetchRefused ? e : new FetchRefused(e.message)))
  })
}
