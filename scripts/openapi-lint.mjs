// npm run lint:openapi: builds the app on a fresh PGlite database, takes the OpenAPI documents (the
// admin API's /api/admin/openapi.json and the Content API's /api/content/openapi.json) as an
// anonymous client would, and lints each with Redocly CLI (redocly.yaml), offline. Fails on any error.
// Run with tsx (node --import tsx), which loads the TypeScript it imports.
import { fetchOpenapiDocument, formatProblems, lintOpenapi } from '../test/support/openapi.ts'

for (const url of ['/api/admin/openapi.json', '/api/content/openapi.json']) {
  const result = await lintOpenapi(await fetchOpenapiDocument(url))
  if (result.problems.length) console.log(formatProblems(result.problems))
  console.log(`OpenAPI document ${url}: ${result.errors} errors, ${result.warnings} warnings (redocly lint, recommended rules)`)
  if (result.errors > 0) process.exitCode = 1
}
