import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { BODY_EXAMPLE, BodyApiSchema } from './block-schemas.ts'
import { BLOCK_TYPES, validateBody, type Body } from './blocks.ts'

describe('the block schemas the JSON APIs declare', () => {
  // A route with Fastify's own Ajv (removeAdditional, coerceTypes: 'array'), as the admin API has
  let app: FastifyInstance
  before(async () => {
    app = Fastify()
    app.post('/', { schema: { body: Type.Object({ body: BodyApiSchema }) } }, async (request) => request.body)
    await app.ready()
  })
  after(() => app.close())
  const send = (body: unknown) => app.inject({ method: 'POST', url: '/', payload: { body } })

  test('the example has every block type and every mark, and blocks.ts accepts it', () => {
    assert.deepEqual([...new Set(BODY_EXAMPLE.map((b) => b.type))].sort(), [...BLOCK_TYPES].sort())
    const body: Body = BODY_EXAMPLE
    const marks = body.flatMap((b) => (b.type === 'paragraph' ? b.content.flatMap((r) => r.marks ?? []) : []))
    assert.deepEqual([...new Set(marks.map((m) => m.type))].sort(), ['bold', 'italic', 'link', 'quote', 'sub', 'sup'])
    assert.deepEqual(validateBody(BODY_EXAMPLE), [])
  })

  test('a valid body passes the schema unchanged: no speaker, source or other field is dropped', async () => {
    const res = await send(BODY_EXAMPLE)
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(res.json().body, BODY_EXAMPLE)
    // each block with only its required fields
    const minimal = [
      { type: 'paragraph', content: [] },
      { type: 'subheading', text: 'S' },
      { type: 'quote', content: [{ text: 'q' }] },
      { type: 'list', ordered: false, items: [[{ text: 'i' }]] },
      { type: 'image', src: '/i.jpg', alt: '' },
      { type: 'embed', url: 'https://example.org/e' },
      { type: 'table', rows: [[[]]] },
    ]
    assert.deepEqual(validateBody(minimal), [])
    assert.deepEqual((await send(minimal)).json().body, minimal)
  })

  test('what is clearly malformed is refused by the schema too', async () => {
    const bad: unknown[] = [
      { not: 'a list' },
      [{ type: 'script', text: 'alert(1)' }],
      [{ text: 'a block without a type' }],
      [{ type: 'paragraph', content: [{ text: '' }] }],
      [{ type: 'paragraph', content: [{ text: 'x', marks: [{ type: 'underline' }] }] }],
      [{ type: 'paragraph', content: [{ text: 'x', marks: [{ type: 'link' }] }] }],
      [{ type: 'subheading', text: 'x'.repeat(201) }],
      [{ type: 'quote', content: [{ text: 'q' }], speaker: { name: 'Ana' } }],
      [{ type: 'list', ordered: 'yes', items: [[{ text: 'i' }]] }],
      [{ type: 'list', ordered: true, items: [] }],
      [{ type: 'image', src: '/i.jpg' }],
      [{ type: 'embed' }],
      [{ type: 'table', rows: [] }],
      [{ type: 'table', rows: [[]] }],
      [{ type: 'table', rows: [[[{ text: 'x', marks: [{ type: 'superscript' }] }]]] }],
    ]
    for (const body of bad) {
      assert.ok(validateBody(body).length > 0, `blocks.ts refuses ${JSON.stringify(body)}`)
      assert.equal((await send(body)).statusCode, 400, `the schema refuses ${JSON.stringify(body)}`)
    }
  })
})
