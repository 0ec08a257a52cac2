/**
 * Fuzzing helpers, schema side: a depth-limited introspection of the live service (the service caps query depth
 * at 10, so the standard introspection query is refused) and the pieces to build one operation per mutation
 * (queries: fuzz-queries.ts).
 * Nothing here imports the service: jest talks to the spawned process only.
 */

export interface TypeRef {
  kind: 'SCALAR' | 'OBJECT' | 'INTERFACE' | 'UNION' | 'ENUM' | 'INPUT_OBJECT' | 'LIST' | 'NON_NULL';
  name: string | null;
  ofType: TypeRef | null;
}
export interface InputValue {
  name: string;
  type: TypeRef;
  defaultValue: string | null;
}
export interface FieldDef {
  name: string;
  args: InputValue[];
  type: TypeRef;
}
export interface NamedType {
  kind: TypeRef['kind'];
  name: string;
  fields: FieldDef[] | null;
  inputFields: InputValue[] | null;
  enumValues: Array<{ name: string }> | null;
}
export interface SchemaInfo {
  mutations: FieldDef[];
  /** The name of the query root type (null: the schema has none). */
  queryType: string | null;
  types: Map<string, NamedType>;
}

// Four levels of ofType cover every wrapper the schema uses ([X!]! is NON_NULL > LIST > NON_NULL > X).
const REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
export const INTROSPECTION = `{ __schema { queryType { name } mutationType { name } types { kind name
  fields { name args { name defaultValue type { ${REF} } } type { ${REF} } }
  inputFields { name defaultValue type { ${REF} } }
  enumValues { name } } } }`;

export function parseIntrospection(data: any): SchemaInfo {
  const types = new Map<string, NamedType>();
  for (const t of data.__schema.types as NamedType[]) types.set(t.name, t);
  const mutationName = data.__schema.mutationType?.name;
  const mutations = mutationName ? (types.get(mutationName)?.fields ?? []) : [];
  return { mutations, queryType: data.__schema.queryType?.name ?? null, types };
}

/** `[ID!]!` etc., as written in a variable definition. */
export function typeToString(t: TypeRef): string {
  if (t.kind === 'NON_NULL') return `${typeToString(t.ofType!)}!`;
  if (t.kind === 'LIST') return `[${typeToString(t.ofType!)}]`;
  return t.name!;
}

export function namedType(t: TypeRef): TypeRef {
  let cur = t;
  while (cur.ofType) cur = cur.ofType;
  return cur;
}

/**
 * The selection for a mutation's result: `__typename` plus every leaf field without required arguments (so the
 * serialisation of what was stored, e.g. Cents and DateTime values, is exercised too). Scalar results need none.
 */
export function selectionFor(t: TypeRef, schema: SchemaInfo): string {
  const named = namedType(t);
  if (named.kind === 'SCALAR' || named.kind === 'ENUM') return '';
  const type = schema.types.get(named.name!);
  const leaves = (type?.fields ?? [])
    .filter((f) => {
      const k = namedType(f.type).kind;
      return (
        (k === 'SCALAR' || k === 'ENUM') && !f.args.some((a) => a.type.kind === 'NON_NULL' && a.defaultValue === null)
      );
    })
    .map((f) => f.name);
  return `{ __typename ${leaves.join(' ')} }`;
}

/** `mutation Fuzz($a0: T!, …) { name(arg: $a0, …) { … } }` for the arguments present in `args`. */
export function operationFor(m: FieldDef, present: string[], schema: SchemaInfo): string {
  const used = m.args.filter((a) => present.includes(a.name));
  const defs = used.map((a, i) => `$a${i}: ${typeToString(a.type)}`).join(', ');
  const call = used.map((a, i) => `${a.name}: $a${i}`).join(', ');
  return `mutation Fuzz${defs ? `(${defs})` : ''} { ${m.name}${call ? `(${call})` : ''} ${selectionFor(m.type, schema)} }`;
}

/** The variables object matching `operationFor`: `$a<i>` for the i-th present argument, in schema order. */
export function variablesFor(m: FieldDef, args: Record<string, unknown>): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  m.args.filter((a) => a.name in args).forEach((a, i) => (vars[`a${i}`] = args[a.name]));
  return vars;
}
