// The order the explorer's documentation lists the Query type's fields in: `help` first (the
// hub's central question), then the analysts' figures (`…Statistics`), then the rest as the API
// lists them. Applied to the introspection result before GraphiQL builds its schema from it.
import type { IntrospectionObjectType, IntrospectionQuery } from 'graphql';

/** 0 for help, 1 for a statistics field, 2 for anything else. */
export function queryFieldRank(name: string): number {
  if (name === 'help' || name.startsWith('help')) return 0;
  if (name.endsWith('Statistics')) return 1;
  return 2;
}

/** The same introspection result with the Query type's fields in the explorer's order (a stable sort: ties keep the API's order). */
export function orderQueryFields(introspection: IntrospectionQuery): IntrospectionQuery {
  const queryName = introspection.__schema.queryType?.name;
  if (!queryName) return introspection;
  const types = introspection.__schema.types.map((type) => {
    if (type.name !== queryName || type.kind !== 'OBJECT') return type;
    const object = type as IntrospectionObjectType;
    const fields = object.fields
      .map((field, index) => ({ field, index }))
      .sort((a, b) => queryFieldRank(a.field.name) - queryFieldRank(b.field.name) || a.index - b.index)
      .map(({ field }) => field);
    return { ...object, fields };
  });
  return { ...introspection, __schema: { ...introspection.__schema, types } };
}
