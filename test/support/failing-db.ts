import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

/** The error a `failingAfterInsert` handle throws. */
export class InjectedFailure extends Error {}

/**
 * The same database handle, except that an INSERT into `table` fails once the database has run it
 * (as a connection lost at that moment would): the rows are written inside the caller's
 * transaction, then the statement reports failure, so only a rollback can take them away.
 */
export function failingAfterInsert<DB>(db: Kysely<DB>, table: string): Kysely<DB> {
  const doomed = new Set<string>()
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === table) doomed.add(queryId.queryId)
      return node
    },
    async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      if (doomed.delete(queryId.queryId)) throw new InjectedFailure(`injected failure after an insert into ${table}`)
      return result
    },
  }
  return db.withPlugin(plugin)
}
