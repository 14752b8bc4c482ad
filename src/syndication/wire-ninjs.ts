import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { FieldProblem } from '../errors.ts'
import NINJS_SCHEMA from './ninjs-schema_2.1.json' with { type: 'json' }

/** An incoming ninjs item, checked and reduced to what the wire desk keeps. */
export interface WireCopy {
  uri: string
  version: string
  pubstatus: 'usable' | 'withheld' | 'canceled'
  urgency: number | null
  headline: string
  lead: string
  /** The body as paragraphs of plain text. */
  paragraphs: string[]
  located: string | null
  by: string | null
  agency: string | null
  embargoed: Date | null
  versionCreated: Date | null
  subjects: string[]
  /** The item as checked (ninjs 2.x; a 1.x item as converted). */
  item: Record<string, unknown>
}

const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormats.default(ajv)
// places[].geojson refers to the GeoJSON schema, which is not fetched: any object stands in for it
ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' })
const validateNinjs2 = ajv.compile(NINJS_SCHEMA)

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)

/** ninjs 1.x properties that 2.x renamed or turned into arrays. */
const V1_ONLY = [
  'headline',
  'body_text',
  'body_html',
  'body_xhtml',
  'description_text',
  'description_html',
  'byline',
  'subject',
  'person',
  'organisation',
  'place',
  'event',
  'object',
]

/** True for a 1.x item: its standard says so, or it uses properties only 1.x has. */
export function isNinjs1(item: Json): boolean {
  const standard = isObject(item.standard) ? str(item.standard.version) : undefined
  if (standard) return standard.startsWith('1')
  return V1_ONLY.some((k) => k in item)
}

/** A ninjs 1.x item in 2.x terms, for the properties the wire desk reads (others are left out). */
export function ninjs1To2(item: Json): Json {
  const out: Json = {}
  for (const k of [
    'uri',
    'type',
    'version',
    'firstcreated',
    'versioncreated',
    'contentcreated',
    'embargoed',
    'pubstatus',
    'urgency',
    'copyrightholder',
    'copyrightnotice',
    'usageterms',
    'ednote',
    'language',
    'located',
    'slugline',
    'title',
  ]) {
    if (k in item) out[k] = item[k]
  }
  if (typeof out.urgency === 'string' && /^[1-9]$/.test(out.urgency)) out.urgency = Number(out.urgency)
  if (str(item.headline) !== undefined) out.headlines = [{ value: item.headline }]
  const bodies: Json[] = []
  if (str(item.body_html) !== undefined) bodies.push({ contenttype: 'text/html', value: item.body_html })
  if (str(item.body_text) !== undefined) bodies.push({ contenttype: 'text/plain', value: item.body_text })
  if (bodies.length) out.bodies = bodies
  if (str(item.description_text) !== undefined) out.descriptions = [{ role: 'summary', contenttype: 'text/plain', value: item.description_text }]
  if (str(item.byline) !== undefined) out.by = item.byline
  if (Array.isArray(item.subject))
    out.subjects = item.subject.filter(isObject).map((s) => ({ ...(str(s.name) ? { name: s.name } : {}), ...(str(s.code) ? { literal: s.code } : {}) }))
  return out
}

/** Paragraphs of an HTML body, as text (tags dropped, the common entities decoded). */
export function htmlParagraphs(markup: string): string[] {
  const text = markup
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\/\s*(p|div|h[1-6]|li|blockquote|tr)\s*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_m, e: string) => {
      const k = e.toLowerCase()
      if (k.startsWith('#x')) return String.fromCodePoint(Math.min(0x10ffff, parseInt(k.slice(2), 16)))
      if (k.startsWith('#')) return String.fromCodePoint(Math.min(0x10ffff, Number(k.slice(1))))
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }[k]!
    })
  return textParagraphs(text)
}

/** Paragraphs of a plain-text body: split at blank lines, spaces collapsed, control characters dropped. */
export function textParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((p) => p !== '')
}

const date = (v: unknown): Date | null => {
  const s = str(v)
  if (!s) return null
  const d = new Date(s)
  return Number.isNaN(d.getTime()) ? null : d
}

/**
 * Checks an incoming item against the IPTC ninjs 2.1 schema (a 1.x item is converted first) and
 * reads what the wire desk needs. Returns the schema's complaints, each with its JSON path, when it fails.
 */
export function readWireItem(input: unknown): { ok: true; copy: WireCopy } | { ok: false; problems: FieldProblem[] } {
  if (!isObject(input)) return { ok: false, problems: [{ field: '/', message: 'must be a JSON object (one ninjs item)' }] }
  const item = isNinjs1(input) ? ninjs1To2(input) : input
  if (!validateNinjs2(item)) {
    const problems = (validateNinjs2.errors ?? []).slice(0, 20).map((e) => {
      const extra = isObject(e.params) && typeof e.params.unevaluatedProperty === 'string' ? ` (${e.params.unevaluatedProperty})` : ''
      return { field: e.instancePath || '/', message: `${e.message ?? 'is not valid'}${extra}` }
    })
    return { ok: false, problems }
  }
  const headlines = Array.isArray(item.headlines) ? (item.headlines as Json[]) : []
  const headline = str((headlines.find((h) => h.role === 'main') ?? headlines[0])?.value) ?? str(item.title) ?? str(item.slugline) ?? ''
  const bodies = Array.isArray(item.bodies) ? (item.bodies as Json[]) : []
  const plain = bodies.find((b) => !b.contenttype || b.contenttype === 'text/plain')
  const markup = bodies.find((b) => typeof b.contenttype === 'string' && /html/.test(b.contenttype))
  const paragraphs = plain ? textParagraphs(String(plain.value)) : markup ? htmlParagraphs(String(markup.value)) : []
  const descriptions = Array.isArray(item.descriptions) ? (item.descriptions as Json[]) : []
  const lead = str((descriptions.find((d) => d.role === 'summary' || d.role === 'lead') ?? descriptions[0])?.value) ?? ''
  const sources = Array.isArray(item.infosources) ? (item.infosources as Json[]) : []
  const agency = str((sources.find((s) => s.role === 'originator' || s.role === 'source') ?? sources[0])?.name) ?? str(item.copyrightholder) ?? null
  const subjects = Array.isArray(item.subjects) ? (item.subjects as Json[]).map((s) => str(s.name)).filter((n): n is string => !!n) : []
  const clean = (s: string) =>
    s
      .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  return {
    ok: true,
    copy: {
      uri: String(item.uri),
      version: str(item.version) ?? '',
      pubstatus: (str(item.pubstatus) as WireCopy['pubstatus'] | undefined) ?? 'usable',
      urgency: typeof item.urgency === 'number' ? item.urgency : null,
      headline: clean(headline).slice(0, 1000),
      lead: clean(lead).slice(0, 10000),
      paragraphs,
      located: str(item.located) ? clean(str(item.located)!).slice(0, 500) : null,
      by: str(item.by) ? clean(str(item.by)!).slice(0, 500) : null,
      agency: agency ? clean(agency).slice(0, 200) : null,
      embargoed: date(item.embargoed),
      versionCreated: date(item.versioncreated),
      subjects: subjects.map(clean).filter(Boolean).slice(0, 50),
      item,
    },
  }
}
