import { Type, type TSchema } from 'typebox'
import { BodySchema, type Body } from './blocks.ts'

/**
 * The article body as the JSON APIs declare it, in requests and responses alike, and so as the
 * OpenAPI document shows it: blocks.ts's schemas, titles and descriptions included, with one
 * difference. Fastify's Ajv removes the fields an `additionalProperties: false` object does not
 * list (`removeAdditional`), and it does so while it tries each member of a union: a quote block
 * tried as a paragraph would lose its speaker and source. So these copies leave objects open, and
 * validateBody (blocks.ts, stricter: unknown fields, safe URLs) stays the check that decides.
 */
function openObjects<T extends TSchema>(schema: T): T {
  const copy = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(copy)
    if (v === null || typeof v !== 'object') return v
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k, x]) => !(k === 'additionalProperties' && x === false))
        .map(([k, x]) => [k, copy(x)]),
    )
  }
  return copy(schema) as T
}

/** An article body with one block of every type, and every mark: the document's example. */
export const BODY_EXAMPLE = [
  {
    type: 'paragraph',
    content: [
      { text: 'The port authority said ' },
      { text: 'every berth', marks: [{ type: 'bold' }] },
      { text: ' would reopen by noon, ' },
      { text: 'a day early', marks: [{ type: 'italic' }] },
      { text: ', in a ' },
      { text: 'notice to shipping', marks: [{ type: 'link', href: 'https://example.org/notices/42' }] },
      { text: '. ' },
      { text: 'We are open for business', marks: [{ type: 'quote', speaker: 'Ana Ruiz', source: 'Port of Lisbon' }] },
      { text: ', its director said. Water rose 2.4 m' },
      { text: '2', marks: [{ type: 'sup' }] },
      { text: ' of the quay flooded; CO' },
      { text: '2', marks: [{ type: 'sub' }] },
      { text: ' sensors stayed dry.' },
    ],
  },
  { type: 'subheading', text: 'What happens next' },
  { type: 'quote', content: [{ text: 'The storm taught us where the walls are weak.' }], speaker: 'Ana Ruiz', source: 'Radio Harbour' },
  { type: 'list', ordered: true, items: [[{ text: 'Ferries resume at 06:00.' }], [{ text: 'Cargo berths open at noon.' }]] },
  {
    type: 'image',
    src: 'https://example.org/images/harbour.jpg',
    alt: 'Ferries moored in the harbour at dawn',
    caption: 'The harbour on Tuesday morning.',
    credit: 'Photo: Dateline',
  },
  { type: 'embed', url: 'https://example.org/videos/harbour-reopens', title: 'The harbour reopens (video)' },
  {
    type: 'table',
    header: true,
    caption: 'Sailings from Thursday',
    rows: [
      [[{ text: 'Route' }], [{ text: 'First sailing' }]],
      [[{ text: 'Lisbon–Barreiro' }], [{ text: '06:00', marks: [{ type: 'bold' }] }]],
      [[{ text: 'Lisbon–Seixal' }], [{ text: '06:30' }]],
    ],
  },
] satisfies Body

/** The body of an article in the JSON APIs (see above for why it is not blocks.ts's own). */
export const BodyApiSchema = Type.Unsafe<Body>({ ...openObjects(BodySchema), examples: [BODY_EXAMPLE] })
