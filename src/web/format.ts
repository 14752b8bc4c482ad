export { articlePath, authorPath, encodePath, sectionPath, tagPath, urlDate } from '../content/paths.ts'

const pad = (n: number) => String(n).padStart(2, '0')

/** "03:38 GMT 05.08.2020", the seed page's timestamp style. */
export function formatGmt(date: Date): string {
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} GMT ${pad(date.getUTCDate())}.${pad(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`
}

/** ISO 8601 in UTC without milliseconds, for <time datetime> and feeds. */
export function isoTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Cursor for "older" links on section pages: "<epoch ms>.<id>". */
export function encodeCursor(c: { publishedAt: Date; id: number }): string {
  return `${c.publishedAt.getTime()}.${c.id}`
}

export const CURSOR_PATTERN = '^\\d{1,15}\\.\\d{1,10}$'

export function decodeCursor(text: string): { publishedAt: Date; id: number } | undefined {
  if (!new RegExp(CURSOR_PATTERN).test(text)) return undefined
  const [ms, id] = text.split('.').map(Number) as [number, number]
  const publishedAt = new Date(ms)
  if (Number.isNaN(publishedAt.getTime()) || id > 2_147_483_647) return undefined
  return { publishedAt, id }
}
