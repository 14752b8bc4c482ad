/** The best encoding the client accepts among brotli, gzip and identity. */
export function acceptedEncoding(header: string | string[] | undefined): 'br' | 'gzip' | 'identity' {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '')
  if (value === '') return 'identity'
  let br = false
  let gzip = false
  for (const part of value.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (q && Number(q.slice(2)) === 0) continue
    if (name === 'br') br = true
    else if (name === 'gzip') gzip = true
  }
  return br ? 'br' : gzip ? 'gzip' : 'identity'
}
