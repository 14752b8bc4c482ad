import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { documentClient, formatProblems, lintOpenapi, operations, type OpenapiDocument } from '../../test/support/openapi.ts'
import { staffSession } from '../../test/support/staff.ts'
import { BLOCK_TYPES } from '../content/blocks.ts'

describe('the admin API document, /api/admin/openapi.json', () => {
  let t: TestApp
  let doc: OpenapiDocument
  before(async () => {
    t = await createTestApp({ demo: true, build: { scheduler: false } })
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/openapi.json' })
    assert.equal(res.statusCode, 200, res.body)
    doc = res.json()
  })
  after(async () => {
    await t.close()
    await closeTemplate()
  })

  test('anyone may read it without signing in; the operations it describes still need a token or session', async () => {
    assert.match(doc.openapi, /^3\.0\./)
    const data = await t.app.inject({ method: 'GET', url: '/api/admin/articles' })
    assert.equal(data.statusCode, 401)
    assert.equal(data.json().error.code, 'UNAUTHENTICATED')
  })

  test('Redocly CLI with the recommended rules (redocly.yaml) finds no errors, and it would', async () => {
    const result = await lintOpenapi(doc)
    assert.equal(result.errors, 0, formatProblems(result.problems))
    // the check is not blind: an operation without a summary, and an undefined security scheme, are errors
    const broken = structuredClone(doc)
    delete (broken.paths['/api/admin/me']!.get as { summary?: string }).summary
    broken.paths['/api/admin/me']!.get!.security = [{ nobody: [] }]
    const rules = (await lintOpenapi(broken)).problems.filter((p) => p.severity === 'error').map((p) => p.ruleId)
    assert.ok(rules.includes('operation-summary') && rules.includes('security-defined'), rules.join(', '))
  })

  test('every route under /api/admin/ is in the document, method by method, and nothing else is', () => {
    // routePolicies is filled by an onRoute hook (http/policy.ts): every route the app has
    const routes = t.app.routePolicies
      .filter((r) => r.url.startsWith('/api/admin/') && r.url !== '/api/admin/openapi.json') // the document does not describe itself
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
    assert.ok(routes.length >= 30, `${routes.length} admin routes`)
    assert.deepEqual(
      operations(doc)
        .map((o) => `${o.method} ${o.path}`)
        .sort(),
      [...new Set(routes)].sort(),
    )
  })

  test('every operation has a summary, a unique operationId, a described tag, security, and its error responses', () => {
    const tags = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description ?? '']))
    const ids = new Set<string>()
    const schemes = doc.components.securitySchemes ?? {}
    assert.equal(schemes.bearer?.scheme, 'bearer')
    assert.deepEqual([schemes.sessionCookie?.in, schemes.sessionCookie?.name], ['cookie', 'dl_session'])
    assert.deepEqual([schemes.csrfToken?.in, schemes.csrfToken?.name], ['header', 'x-csrf-token'])
    assert.deepEqual(doc.security, [{ bearer: [] }, { sessionCookie: [], csrfToken: [] }], 'a token, or the cookie with the CSRF header')
    for (const { method, path, op } of operations(doc)) {
      const what = `${method} ${path}`
      const o = op as typeof op & { summary?: string; tags?: string[] }
      assert.ok(o.summary && o.summary.length > 5, `${what} has a summary`)
      assert.ok(o.operationId && !ids.has(o.operationId), `${what} has a unique operationId`)
      ids.add(o.operationId)
      assert.equal(o.tags?.length, 1, `${what} has a tag`)
      assert.ok(tags.get(o.tags![0]!), `${what}: its tag ${o.tags![0]} is described at the top level`)
      if (method === 'GET') assert.deepEqual(o.security, [{ bearer: [] }, { sessionCookie: [] }], `${what}: reading needs no CSRF header`)
      for (const status of ['401', '403', '5XX']) {
        assert.deepEqual(o.responses[status]?.content?.['application/json']?.schema, { $ref: '#/components/schemas/Error' }, `${what} ${status}`)
      }
      const success = Object.keys(o.responses).filter((s) => s.startsWith('2'))
      assert.equal(success.length, 1, `${what}: one success status`)
      if (method === 'DELETE') assert.deepEqual([success[0], o.responses['204']?.content], ['204', undefined], `${what}: 204, no content`)
      if (/^create|^add/.test(o.operationId)) assert.equal(success[0], '201', `${what} creates: 201`)
    }
  })

  test('the article body is a union of block schemas, discriminated on type, with an example of every block type', () => {
    const schemas = doc.components.schemas as Record<
      string,
      { title?: string; description?: string; oneOf?: { $ref: string }[]; discriminator?: { propertyName: string; mapping: Record<string, string> } }
    >
    const block = schemas.Block!
    assert.equal(block.discriminator?.propertyName, 'type')
    assert.deepEqual(Object.keys(block.discriminator!.mapping).sort(), [...BLOCK_TYPES].sort())
    for (const ref of block.oneOf!) {
      const variant = schemas[ref.$ref.replace('#/components/schemas/', '')]!
      assert.ok(variant.title && variant.description, `${ref.$ref} has a title and a description`)
    }
    assert.deepEqual(Object.keys(schemas.Mark!.discriminator!.mapping).sort(), ['bold', 'italic', 'link', 'quote', 'sub', 'sup'])
    const article = schemas.Article as { properties: { body: { items: unknown } } }
    const input = schemas.ArticleInput as { properties: { body: { items: unknown; example: { type: string }[] } } }
    assert.deepEqual(article.properties.body.items, { $ref: '#/components/schemas/Block' }, 'responses use the block schemas')
    assert.deepEqual(input.properties.body.items, { $ref: '#/components/schemas/Block' }, 'requests use the block schemas')
    assert.deepEqual([...new Set(input.properties.body.example.map((b) => b.type))].sort(), [...BLOCK_TYPES].sort())
  })

  test('a client that reads only the document writes an article with every kind of block and reads it back intact', async () => {
    // an API token, made the way a person makes one (signed in, in the newsroom)
    const reporter = await staffSession(t, 'reporter')
    const made = await t.app.inject({ method: 'POST', url: '/api/admin/tokens', headers: reporter.headers, payload: { name: 'document client' } })
    assert.equal(made.statusCode, 201, made.body)
    const bearer = Object.entries(doc.components.securitySchemes ?? {}).find(([, s]) => s.type === 'http' && s.scheme === 'bearer')
    assert.ok(bearer && doc.security?.some((r) => Object.keys(r).join() === bearer[0]), 'a bearer token is enough')
    const call = documentClient(doc, t.app, { authorization: `Bearer ${made.json().token}` })

    const create = operations(doc).find((o) => o.method === 'POST' && o.path === '/api/admin/articles')!.op
    const media = create.requestBody!.content['application/json']!
    const example = structuredClone(
      (media.example ?? Object.values(media.examples ?? {})[0]?.value) as {
        headline: string
        sectionId: number
        body: { type: string; speaker?: string; source?: string }[]
      },
    )
    const types = new Set(example.body.map((b) => b.type))
    for (const type of ['subheading', 'list', 'image']) assert.ok(types.has(type), `the example has a ${type}`)
    assert.ok(
      example.body.some((b) => b.type === 'quote' && b.speaker && b.source),
      'the example has a quote with speaker and source',
    )

    example.sectionId = (await call('listSections')).json().sections[0].id
    const created = await call('createArticle', { body: example })
    assert.equal(created.statusCode, 201, created.body)
    const read = await call('getArticle', { params: { id: created.json().id } })
    assert.equal(read.statusCode, 200)
    assert.deepEqual(read.json().body, example.body, 'every block, mark, speaker and source came back')
    // the document says body may be null: that clears it
    const cleared = await call('updateArticle', {
      params: { id: created.json().id },
      body: { headline: example.headline, sectionId: example.sectionId, body: null },
    })
    assert.equal(cleared.statusCode, 200, cleared.body)
    assert.deepEqual(cleared.json().body, [])
  })

  test('what the handlers send is what the document says: every article of the demo site, and creating and deleting', async () => {
    const admin = await staffSession(t, 'admin')
    const call = documentClient(doc, t.app, admin.headers)
    const list = (await call('listArticles', { query: 'limit=200' })).json().articles as { id: number }[]
    assert.ok(list.length >= 5, `${list.length} articles`)
    for (const a of list) assert.equal((await call('getArticle', { params: { id: a.id } })).statusCode, 200)

    const token = await call('createToken', { body: { name: 'short-lived' } })
    assert.equal(token.statusCode, 201)
    assert.equal((await call('revokeToken', { params: { id: token.json().id } })).statusCode, 204)
    assert.equal((await call('revokeToken', { params: { id: token.json().id } })).statusCode, 404)
    const link = await call('createLink', { body: { url: 'https://example.org/document-client' } })
    assert.equal(link.statusCode, 201)
    assert.equal((await call('deleteLink', { params: { id: link.json().link.id } })).statusCode, 204)
    const station = await call('createStation', { body: { name: 'Document Radio', timeZone: 'UTC', streams: ['https://radio.example/live.mp3'] } })
    assert.equal(station.statusCode, 201)
    assert.equal((await call('getStation', { params: { id: station.json().station.id } })).statusCode, 200)
    assert.equal((await call('deleteStation', { params: { id: station.json().station.id } })).statusCode, 204)
    assert.equal((await call('createSection', { body: { name: 'Document section' } })).statusCode, 201)
    assert.equal((await call('createArticle', { body: { headline: 'No section', sectionId: 999999 } })).statusCode, 400)
    assert.equal((await call('getArticle', { params: { id: 999999 } })).statusCode, 404)
    for (const id of ['listBylines', 'listStaff', 'listTokens', 'getMe', 'listLinks', 'listStations']) assert.equal((await call(id)).statusCode, 200, id)
  })
})
