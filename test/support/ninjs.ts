import fs from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

/**
 * The IPTC ninjs 2.1 JSON Schema (test/fixtures/ninjs/, as IPTC publishes it), compiled with Ajv's
 * draft 2020-12 validator and ajv-formats: the judge of what Dateline sends out as ninjs.
 */
export function ninjsValidator(): ValidateFunction {
  // strict off: the schema is IPTC's, not ours (its oneOf branches name properties declared beside them)
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats.default(ajv)
  // places[].geojson refers to the GeoJSON schema; Dateline never writes geojson, so any object stands in for it offline
  ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' })
  return ajv.compile(JSON.parse(fs.readFileSync(new URL('../fixtures/ninjs/ninjs-schema_2.1.json', import.meta.url), 'utf8')))
}

/** Asserts an item is valid ninjs 2.1, with Ajv's errors as the message. */
export function assertNinjs(validate: ValidateFunction, item: unknown): void {
  if (!validate(item)) throw new Error(`not valid ninjs 2.1: ${JSON.stringify(validate.errors, null, 1)}`)
}
