import { spawnSync } from 'node:child_process'
import path from 'node:path'

export const XSD_DIR = path.resolve('test/fixtures/xsd')

/** Why xmllint tests cannot run here, or undefined when it is installed. */
export function xmllintSkipReason(): string | undefined {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' })
  return r.error ? 'xmllint is not installed (apt-get install libxml2-utils)' : undefined
}

/** Runs xmllint on a document (well-formedness, and the schema when given); never loads anything from the network. */
export function xmllint(xml: string, schema?: string): { ok: boolean; output: string } {
  const args = ['--noout', '--nonet', ...(schema ? ['--schema', path.join(XSD_DIR, schema)] : []), '-']
  const r = spawnSync('xmllint', args, { input: xml, encoding: 'utf8' })
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` }
}
