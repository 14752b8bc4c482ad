import AjvCompiler from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'

type Validate = ((data: unknown) => unknown) & { errors?: unknown }

/**
 * Fastify's own schema compilers (ajv for requests, fast-json-stringify for responses), made lazy:
 * each route's validator and serializer is compiled on the route's first request instead of at
 * start. Compiling every route's schemas took about half a second of a start; a restart should
 * serve in about a second. Tests build apps with eager compilers, so a broken schema still fails
 * there at once (see BuildOptions.lazySchemas).
 */
export function lazySchemaController(): NonNullable<FastifyServerOptions['schemaController']> {
  const buildValidator = AjvCompiler()
  const buildSerializer = SerializerSelector()
  return {
    compilersFactory: {
      buildValidator(externalSchemas: unknown, options: unknown) {
        const compile = (buildValidator as (a: unknown, b: unknown) => (route: unknown) => Validate)(externalSchemas, options)
        return (route: unknown) => {
          let fn: Validate | undefined
          const validate: Validate = (data) => {
            fn ??= compile(route)
            const result = fn(data)
            validate.errors = fn.errors
            return result
          }
          return validate
        }
      },
      buildSerializer(externalSchemas: unknown, options: unknown) {
        const compile = (buildSerializer as (a: unknown, b: unknown) => (route: unknown) => (data: unknown) => string)(externalSchemas, options)
        return (route: unknown) => {
          let fn: ((data: unknown) => string) | undefined
          return (data: unknown) => (fn ??= compile(route))(data)
        }
      },
    },
  } as NonNullable<FastifyServerOptions['schemaController']>
}
