import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { createTestApp } from './app.ts'
import { closeTemplate } from './databases.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** An OpenAPI document (the admin API's unless `url` names another) as an anonymous client gets it, from an app on a fresh PGlite database. */
export async function fetchOpenapiDocument(url = '/api/admin/openapi.json'): Promise<OpenapiDocument> {
  const t = await createTestApp({ demo: false, build: { scheduler: false } })
  try {
    const res = await t.app.inject({ method: 'GET', url })
    if (res.statusCode !== 200) throw new Error(`GET ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`)
    return res.json()
  } finally {
    await t.close()
    await closeTemplate()
  }
}

export interface LintProblem {
  ruleId: string
  severity: 'error' | 'warn'
  message: string
  location: { pointer: string }[]
}

export interface LintResult {
  errors: number
  warnings: number
  problems: LintProblem[]
}

/**
 * Lints a document with Redocly CLI and the repository's redocly.yaml (the recommended rules),
 * offline: no telemetry, no update check, nothing fetched.
 */
export async function lintOpenapi(document: unknown): Promise<LintResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-openapi-'))
  const file = path.join(dir, 'openapi.json')
  try {
    await fs.writeFile(file, JSON.stringify(document, null, 2))
    const cli = path.join(ROOT, 'node_modules/@redocly/cli/bin/cli.js')
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' }
    const args = [cli, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format=json']
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, env, maxBuffer: 16 << 20 }).catch(
      (err: { code?: number; stdout?: string; stderr?: string }) => {
        // exit code 1 means "errors found": the report is still on stdout
        if (err.code === 1 && err.stdout) return { stdout: err.stdout }
        throw new Error(`redocly lint failed: ${err.stderr ?? String(err)}`)
      },
    )
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: LintProblem[] }
    return { errors: report.totals.errors, warnings: report.totals.warnings, problems: report.problems }
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

/** One line a problem, for people. */
export function formatProblems(problems: LintProblem[]): string {
  return problems.map((p) => `${p.severity.padEnd(5)} ${p.ruleId}: ${p.message} (${p.location[0]?.pointer ?? ''})`).join('\n')
}

interface Operation {
  operationId?: string
  security?: Record<string, string[]>[]
  requestBody?: { content: Record<string, { schema?: unknown; example?: unknown; examples?: Record<string, { value: unknown }> }> }
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>
}

/** The parts of an OpenAPI 3.0 document the tests read. */
export interface OpenapiDocument {
  openapi: string
  servers?: { url: string }[]
  tags?: { name: string; description?: string }[]
  security?: Record<string, string[]>[]
  paths: Record<string, Record<string, Operation>>
  components: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, { type: string; scheme?: string; in?: string; name?: string }> }
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** Every operation of the document with its method and path. */
export function operations(doc: OpenapiDocument): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  )
}

/**
 * A client that knows the API only from its document: it finds an operation by its operationId,
 * fills in the path, and checks the answer against the document (a listed status, and a body of
 * that status's schema, or no body when none is listed).
 */
export function documentClient(doc: OpenapiDocument, app: FastifyInstance, headers: Record<string, string>) {
  const ajv = new Ajv({ strict: false, allErrors: true })
  ;(addFormats as unknown as (a: Ajv) => void)(ajv)
  ajv.addSchema({ components: doc.components }, 'doc')
  const compiled = new Map<string, ValidateFunction>()
  const validator = (key: string, schema: unknown) => {
    if (!compiled.has(key)) compiled.set(key, ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'))))
    return compiled.get(key)!
  }
  return async (operationId: string, request: { params?: Record<string, string | number>; query?: string; body?: unknown } = {}) => {
    const found = operations(doc).find((o) => o.op.operationId === operationId)
    assert.ok(found, `the document has no operation ${operationId}`)
    const url =
      found.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(request.params?.[name]))) + (request.query ? `?${request.query}` : '')
    const res = await app.inject({ method: found.method as 'GET', url, headers, ...(request.body !== undefined ? { payload: request.body as object } : {}) })
    const status = String(res.statusCode)
    const documented = found.op.responses[status] ?? found.op.responses[`${status[0]}XX`]
    assert.ok(documented, `${operationId} answered ${status}, which its document does not list: ${res.body.slice(0, 300)}`)
    const schema = documented.content?.['application/json']?.schema
    if (!schema) {
      assert.equal(res.body, '', `${operationId} ${status}: the document says no body`)
    } else {
      const validate = validator(`${operationId} ${status}`, schema)
      assert.ok(validate(res.json()), `${operationId} ${status} does not match its document: ${ajv.errorsText(validate.errors)}`)
    }
    return res
  }
}
