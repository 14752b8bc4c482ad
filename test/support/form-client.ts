import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

/**
 * A browser-like client for inject(): keeps cookies (as Set-Cookie says), remembers the CSRF token
 * of the last page, and submits forms the way a browser would.
 */
export function formClient(app: FastifyInstance, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>()
  let csrf: string | undefined
  async function request(
    method: 'GET' | 'POST',
    url: string,
    fields?: Record<string, string>,
    extra: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const path = url.replace(/^https?:\/\/[^/]+/, '')
    const res = await app.inject({
      method,
      url: path,
      headers: {
        ...headers,
        ...extra,
        ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(fields ? { payload: new URLSearchParams(fields).toString() } : {}),
    })
    for (const c of ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? [])) {
      const [pair] = c.split(';')
      const i = pair!.indexOf('=')
      const name = pair!.slice(0, i)
      const value = pair!.slice(i + 1)
      if (!value || /Expires=Thu, 01 Jan 1970/i.test(c) || /Max-Age=0\b/i.test(c)) jar.delete(name)
      else jar.set(name, value)
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body) ?? /name="csrf-token" content="([^"]+)"/.exec(res.body)
    if (m) csrf = m[1]
    return res
  }
  return {
    jar,
    get: (url: string, extra?: Record<string, string>) => request('GET', url, undefined, extra),
    /** Posts a form with the CSRF token of the last page seen. */
    post: (url: string, fields: Record<string, string>) => request('POST', url, { _csrf: csrf ?? '', ...fields }),
    /** Opens `page`, then posts its form to `action`. */
    async submit(page: string, action: string, fields: Record<string, string>) {
      await request('GET', page)
      return request('POST', action, { _csrf: csrf ?? '', ...fields })
    },
    get csrf() {
      return csrf
    },
  }
}
