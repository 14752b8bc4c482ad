import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nameSchemas } from './openapi-components.ts'

const variant = (type: string, title: string) => ({ type: 'object', title, required: ['type'], properties: { type: { type: 'string', enum: [type] } } })
const doc = (bodySchema: unknown, responseSchema: unknown) => ({
  openapi: '3.0.3',
  paths: {
    '/things': {
      post: {
        requestBody: { content: { 'application/json': { schema: bodySchema } } },
        responses: { 201: { description: 'Default Response', content: { 'application/json': { schema: responseSchema } } } },
      },
    },
  },
})

test('titled schemas are named once in components and referred to; a union told apart by type gets a discriminator', () => {
  const shape = { title: 'Shape', anyOf: [variant('circle', 'Circle'), variant('square', 'Square')] }
  const thing = { type: 'object', title: 'Thing', properties: { shape, shapes: { type: 'array', items: shape } }, example: { title: 'not a schema' } }
  const out = nameSchemas(doc(thing, { type: 'object', properties: { thing } }))
  const op = out.paths['/things'].post
  assert.deepEqual(op.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/Thing' })
  assert.deepEqual(op.responses[201].content['application/json'].schema, { type: 'object', properties: { thing: { $ref: '#/components/schemas/Thing' } } })
  assert.equal(op.responses[201].description, 'Created')
  const schemas = (out as unknown as { components: { schemas: Record<string, Record<string, unknown>> } }).components.schemas
  assert.deepEqual(Object.keys(schemas).sort(), ['Circle', 'Shape', 'Square', 'Thing'])
  assert.deepEqual(schemas.Thing!.example, { title: 'not a schema' }, 'examples are data, not schemas')
  assert.deepEqual(schemas.Shape, {
    title: 'Shape',
    oneOf: [{ $ref: '#/components/schemas/Circle' }, { $ref: '#/components/schemas/Square' }],
    discriminator: { propertyName: 'type', mapping: { circle: '#/components/schemas/Circle', square: '#/components/schemas/Square' } },
  })
})

test('a union whose members share a type value, or are not named, keeps its anyOf', () => {
  const same = { anyOf: [variant('circle', 'Circle'), variant('circle', 'Round')] }
  const anonymous = { anyOf: [{ type: 'string' }, { type: 'integer' }] }
  const out = nameSchemas(doc({ type: 'object', properties: { same, anonymous } }, { type: 'string' }))
  const schema = out.paths['/things'].post.requestBody.content['application/json'].schema as {
    properties: Record<string, { anyOf?: unknown[]; discriminator?: unknown }>
  }
  assert.equal(schema.properties.same!.anyOf?.length, 2)
  assert.equal(schema.properties.same!.discriminator, undefined)
  assert.deepEqual(schema.properties.anonymous, anonymous)
})

test('two different schemas with one title are refused', () => {
  assert.throws(() => nameSchemas(doc({ type: 'object', title: 'Thing' }, { type: 'string', title: 'Thing' })), /two different schemas are titled "Thing"/)
})
