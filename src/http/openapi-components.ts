type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const PREFIX = '#/components/schemas/'
const STATUS_TEXT: Record<string, string> = { 200: 'OK', 201: 'Created' }

/**
 * Names the document's titled schemas (@fastify/swagger writes every route's schemas out in
 * full): each appears once in components.schemas and is referred to by $ref, so the document is
 * smaller and generated clients get type names. A union of named objects told apart by a
 * one-value `type` (article blocks, marks) becomes a oneOf with a discriminator. Two different
 * schemas with the same title are a mistake, and throw.
 */
export function nameSchemas<T extends object>(document: T): T {
  const doc = document as Json
  const components = (doc.components ??= {}) as Json
  const named = (components.schemas ??= {}) as Record<string, Json>
  const texts = new Map<string, string>()

  const discriminate = (s: Json) => {
    const members = s.anyOf
    if (!Array.isArray(members) || members.length < 2) return
    const mapping: Record<string, string> = {}
    for (const m of members) {
      const ref = isObject(m) && typeof m.$ref === 'string' ? m.$ref : undefined
      const target = ref?.startsWith(PREFIX) ? named[ref.slice(PREFIX.length)] : undefined
      const type = isObject(target?.properties) ? target.properties.type : undefined
      const tag = isObject(type) && Array.isArray(type.enum) && type.enum.length === 1 ? type.enum[0] : undefined
      if (typeof tag !== 'string' || Object.hasOwn(mapping, tag) || !(target?.required as unknown[] | undefined)?.includes('type')) return
      mapping[tag] = ref!
    }
    delete s.anyOf
    s.oneOf = members
    s.discriminator = { propertyName: 'type', mapping }
  }

  const schema = (s: unknown): unknown => {
    if (!isObject(s) || typeof s.$ref === 'string') return s
    const out: Json = { ...s }
    if (isObject(out.properties)) out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, schema(v)]))
    if (out.items !== undefined) out.items = schema(out.items)
    if (isObject(out.additionalProperties)) out.additionalProperties = schema(out.additionalProperties)
    for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).map(schema)
    discriminate(out)
    if (typeof out.title !== 'string') return out
    const text = JSON.stringify(out)
    const before = texts.get(out.title)
    if (before !== undefined && before !== text) throw new Error(`OpenAPI: two different schemas are titled "${out.title}"; give one of them another title`)
    texts.set(out.title, text)
    named[out.title] = out
    return { $ref: `${PREFIX}${out.title}` }
  }

  const content = (c: unknown) => {
    if (isObject(c)) for (const media of Object.values(c)) if (isObject(media)) media.schema = schema(media.schema)
  }

  for (const item of Object.values((doc.paths ?? {}) as Json)) {
    if (!isObject(item)) continue
    for (const op of Object.values(item)) {
      if (!isObject(op)) continue
      for (const p of (op.parameters ?? []) as Json[]) p.schema = schema(p.schema)
      if (isObject(op.requestBody)) content(op.requestBody.content)
      for (const [status, response] of Object.entries((op.responses ?? {}) as Json)) {
        if (!isObject(response)) continue
        if (response.description === 'Default Response' && STATUS_TEXT[status]) response.description = STATUS_TEXT[status]
        content(response.content)
      }
    }
  }
  return document
}
