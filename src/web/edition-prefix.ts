/**
 * An edition's pages live under its code: /ru/, /ru/world/…, /ru/search. The default edition keeps
 * the root. Returns the edition a URL names and the URL without its prefix, or undefined.
 */
export function editionPrefix(codes: ReadonlySet<string>, url: string | undefined): { code: string; rest: string } | undefined {
  if (!url || codes.size === 0 || url.charCodeAt(0) !== 47) return undefined
  const end = url.slice(1).search(/[/?#]/)
  const code = end < 0 ? url.slice(1) : url.slice(1, end + 1)
  if (!codes.has(code)) return undefined
  const rest = end < 0 ? '/' : url.slice(end + 1)
  return { code, rest: rest.startsWith('/') ? rest : `/${rest}` }
}
