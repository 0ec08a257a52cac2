import fc from 'fast-check';
import { FieldDef, InputValue, namedType, SchemaInfo, TypeRef, typeToString } from './fuzz-schema';
import { fieldArb, valueArb, ValueContext } from './fuzz-values';

/**
 * Fuzzing helpers, query side: every field that takes arguments, anywhere in the graph the query root reaches
 * (`accounts(filter:)`, but also `Account.signals(from:, to:)` reached through `account(id:)`), as a target with
 * the shortest path that leads to it, and the operation that asks for it with each argument as a variable.
 */

export interface PathStep {
  type: string;
  field: FieldDef;
}

/** A field to fuzz: `path` leads from the query root to it (its last step is the field itself). */
export interface QueryTarget {
  name: string;
  path: PathStep[];
}

const isComposite = (t: TypeRef) => ['OBJECT', 'INTERFACE'].includes(namedType(t).kind);

/** Every root query field, and every field with arguments of a type the root reaches (shortest path first). */
export function queryTargets(schema: SchemaInfo): QueryTarget[] {
  const root = schema.queryType;
  if (!root) return [];
  const pathTo = new Map<string, PathStep[]>([[root, []]]);
  const queue = [root];
  while (queue.length) {
    const typeName = queue.shift()!;
    for (const f of schema.types.get(typeName)?.fields ?? []) {
      const next = namedType(f.type).name!;
      if (!isComposite(f.type) || pathTo.has(next)) continue;
      pathTo.set(next, [...pathTo.get(typeName)!, { type: typeName, field: f }]);
      queue.push(next);
    }
  }
  const targets: QueryTarget[] = [];
  for (const [typeName, path] of pathTo)
    for (const f of schema.types.get(typeName)?.fields ?? [])
      if (typeName === root || f.args.length)
        targets.push({ name: `${typeName}.${f.name}`, path: [...path, { type: typeName, field: f }] });
  return targets;
}

const takesNoRequiredArgs = (f: FieldDef) => !f.args.some((a) => a.type.kind === 'NON_NULL' && a.defaultValue === null);

/**
 * What to select under a field of type `t`: `__typename`, every leaf, and `depth` levels of composite fields (so
 * a connection's `edges { cursor node { … } }` and `pageInfo` are serialised too). Fields needing arguments are
 * left out: they are targets of their own.
 */
export function selectionUnder(t: TypeRef, schema: SchemaInfo, depth = 2): string {
  if (!isComposite(t)) return '';
  const parts = ['__typename'];
  for (const f of schema.types.get(namedType(t).name!)?.fields ?? []) {
    if (!takesNoRequiredArgs(f) || f.args.length) continue;
    if (!isComposite(f.type)) parts.push(f.name);
    else if (depth > 0) parts.push(`${f.name} ${selectionUnder(f.type, schema, depth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** `query Fuzz($a0: …) { account(id: $a0) { signals(from: $a1) { … } } }` and its variables. */
export function queryOperation(
  target: QueryTarget,
  argsPerStep: Array<Record<string, unknown>>,
  schema: SchemaInfo,
): { query: string; variables: Record<string, unknown> } {
  const defs: string[] = [];
  const variables: Record<string, unknown> = {};
  const calls = target.path.map((step, i) => {
    const used = step.field.args.filter((a) => a.name in argsPerStep[i]);
    const call = used.map((a) => {
      const v = `a${defs.length}`;
      defs.push(`$${v}: ${typeToString(a.type)}`);
      variables[v] = argsPerStep[i][a.name];
      return `${a.name}: $${v}`;
    });
    return `${step.field.name}${call.length ? `(${call.join(', ')})` : ''}`;
  });
  const last = target.path[target.path.length - 1].field;
  let body = `${calls[calls.length - 1]} ${selectionUnder(last.type, schema)}`;
  for (let i = calls.length - 2; i >= 0; i--) body = `${calls[i]} { __typename ${body} }`;
  return { query: `query Fuzz${defs.length ? `(${defs.join(', ')})` : ''} { ${body} }`, variables };
}

/** A bare `id` argument names the field's object: `account(id:)` takes an account id, `playbook(id:)` a playbook's. */
function hintedArg(a: InputValue, field: FieldDef): InputValue {
  return a.name === 'id' ? { ...a, name: `${field.name}Id` } : a;
}

/** Arguments for one field: each present about as often as fieldArb decides, values from `ctx`. */
export function argsArb(field: FieldDef, ctx: ValueContext): fc.Arbitrary<Record<string, unknown>> {
  if (!field.args.length) return fc.constant({});
  return fc.tuple(...field.args.map((a) => fieldArb(hintedArg(a, field), ctx, 0))).map((vals) => {
    const args: Record<string, unknown> = {};
    field.args.forEach((a, i) => vals[i].present && (args[a.name] = vals[i].value));
    return args;
  });
}

/**
 * Every position inside a field's arguments where a string travels: scalar leaves other than Int, Float and
 * Boolean, through input objects (and the first item of lists), e.g. `['filter', 'search']`, `['period', 'from']`.
 */
export function stringPositions(field: FieldDef, schema: SchemaInfo): string[][] {
  const out: string[][] = [];
  const walk = (t: TypeRef, at: string[], depth: number) => {
    if (t.kind === 'NON_NULL') return walk(t.ofType!, at, depth);
    if (t.kind === 'LIST') return walk(t.ofType!, [...at, '0'], depth);
    const named = schema.types.get(t.name!);
    if (!named || depth > 4) return;
    if (named.kind === 'SCALAR' && !['Int', 'Float', 'Boolean'].includes(named.name)) out.push(at);
    if (named.kind === 'INPUT_OBJECT')
      for (const f of named.inputFields ?? []) walk(f.type, [...at, f.name], depth + 1);
  };
  for (const a of field.args) walk(a.type, [a.name], 0);
  return out;
}

const isRequired = (v: InputValue) => v.type.kind === 'NON_NULL' && v.defaultValue === null;

/**
 * Arguments for `field` with `value` at `position` and nothing else but what is required (plausible values from
 * `ctx`, drawn with `seed`): the value reaches the resolver unless the required parts are refused first.
 */
export function argsWithValueAt(
  field: FieldDef,
  position: string[],
  value: unknown,
  ctx: ValueContext,
  seed: number,
): Record<string, unknown> {
  const plausible = (t: TypeRef, name: string) =>
    fc.sample(valueArb(t, name, { ...ctx, wrongTypeRate: 0, plausible: true }), { seed, numRuns: 1 })[0];
  const minimal = (t: TypeRef, name: string): unknown => {
    if (t.kind === 'NON_NULL') return minimal(t.ofType!, name);
    if (t.kind === 'LIST') return [minimal(t.ofType!, name)];
    const named = ctx.schema.types.get(t.name!);
    if (named?.kind !== 'INPUT_OBJECT') return plausible(t, name);
    return Object.fromEntries(
      (named.inputFields ?? []).filter(isRequired).map((f) => [f.name, minimal(f.type, f.name)]),
    );
  };
  const build = (t: TypeRef, name: string, rest: string[]): unknown => {
    if (t.kind === 'NON_NULL') return build(t.ofType!, name, rest);
    if (t.kind === 'LIST') return [build(t.ofType!, name, rest.slice(1))];
    if (!rest.length) return value;
    const named = ctx.schema.types.get(t.name!);
    const obj: Record<string, unknown> = {};
    for (const f of named?.inputFields ?? []) {
      if (f.name === rest[0]) obj[f.name] = build(f.type, f.name, rest.slice(1));
      else if (isRequired(f)) obj[f.name] = minimal(f.type, f.name);
    }
    return obj;
  };
  const args: Record<string, unknown> = {};
  for (const a of field.args) {
    const hinted = hintedArg(a, field);
    if (a.name === position[0]) args[a.name] = build(a.type, hinted.name, position.slice(1));
    else if (isRequired(a)) args[a.name] = minimal(a.type, hinted.name);
  }
  return args;
}
