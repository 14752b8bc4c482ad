import type { LightMyRequestResponse } from 'fastify'
import type { TestApp } from './app.ts'

export function cookiesOf(res: { headers: Record<string, unknown> }): Record<string, string> {
  const set = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? [])
  return Object.fromEntries(set.map((c) => c.split(';')[0]!.split('=') as [string, string]))
}

/** Signs in through the newsroom's form (CSRF token and cookie fetched first), from an address when given. */
export async function signInForm(
  t: TestApp,
  input: { email: string; password: string; next?: string; ip?: string; cookie?: string },
): Promise<LightMyRequestResponse> {
  const from = input.ip ? { 'x-forwarded-for': input.ip } : {}
  const page = await t.app.inject({ method: 'GET', url: '/newsroom/sign-in', headers: { ...from, ...(input.cookie ? { cookie: input.cookie } : {}) } })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
  const anon = cookiesOf(page).dl_csrf
  return t.app.inject({
    method: 'POST',
    url: '/newsroom/sign-in',
    headers: {
      ...from,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [input.cookie, anon ? `dl_csrf=${anon}` : ''].filter(Boolean).join('; '),
    },
    payload: new URLSearchParams({ _csrf: csrf, email: input.email, password: input.password, next: input.next ?? '/newsroom' }).toString(),
  })
}
