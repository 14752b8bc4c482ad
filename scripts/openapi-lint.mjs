// npm run lint:openapi: builds the app on a fresh PGlite database, takes /api/admin/openapi.json as
// an anonymous client would, and lints it with Redocly CLI (redocly.yaml), offline. Fails on any error.
// Run with tsx (node --import tsx), which loads the TypeScript it imports.
import { fetchOpenapiDocument, formatProblems, lintOpenapi } from '../test/support/openapi.ts'

const result = await lintOpenapi(await fetchOpenapiDocument())
if (result.problems.length) console.log(formatProblems(result.problems))
console.log(`OpenAPI document: ${result.errors} errors, ${result.warnings} warnings (redocly lint, recommended rules)`)
if (result.errors > 0) process.exitCode = 1
