import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { complexityLimitPlugin, estimateKey, pageSizeEstimator, variablesForEstimate } from '../complexity.plugin';

describe('complexity estimate variables', () => {
  it('cuts list variables to their first item and keeps everything else as given', () => {
    const events = Array.from({ length: 5000 }, (_, i) => ({ id: `e${i}` }));
    const vars = { e: events, first: 50, tags: ['a'], empty: [] };
    const out = variablesForEstimate(vars);
    expect(out).toEqual({ e: [{ id: 'e0' }], first: 50, tags: ['a'], empty: [] });
    expect(vars.e).toHaveLength(5000); // the request's own variables are not touched
    expect(variablesForEstimate(undefined)).toEqual({});
    const scalarOnly = { first: 10 };
    expect(variablesForEstimate(scalarOnly)).toBe(scalarOnly);
  });

  it('prices an operation the same with the cut variables (page sizes still count)', () => {
    const schema = buildSchema(`
      input In { id: String! }
      type Item { a: Int, b: Int }
      type Query { items(first: Int, filter: [In!]): [Item!]! }
    `);
    const query = parse(`query($first: Int, $f: [In!]) { items(first: $first, filter: $f) { a b } }`);
    const full = { first: 100, f: Array.from({ length: 1000 }, (_, i) => ({ id: String(i) })) };
    const price = (variables: Record<string, unknown>) =>
      getComplexity({ schema, query, variables, estimators: [pageSizeEstimator] });
    // 1 + 100 × (a + b = 2) = 201
    expect(price(full)).toBe(201);
    expect(price(variablesForEstimate(full))).toBe(201);
  });
});

describe('complexityLimitPlugin', () => {
  const schema = buildSchema(`
    input Filter { band: String! }
    type Item { a: Int, b: Int }
    type Query { item(id: ID!): Item, items(first: Int, filter: Filter): [Item!]! }
  `);

  /** The plugin's check for one request: resolves, or rejects with its GraphQLError; counts fresh estimates. */
  function harness(maxComplexity: number) {
    let estimates = 0;
    const plugin = complexityLimitPlugin(() => {
      estimates++;
      return schema;
    }, maxComplexity);
    const check = async (document: ReturnType<typeof parse>, variables: Record<string, unknown>) => {
      const hooks = (await plugin.requestDidStart!({} as never)) as {
        didResolveOperation: (ctx: unknown) => Promise<void>;
      };
      await hooks.didResolveOperation({ request: { variables }, document });
    };
    return { check, estimates: () => estimates };
  }

  it('prices a document once per variable shape: ids do not matter, page sizes and @include do', async () => {
    const { check, estimates } = harness(1_000);
    const byId = parse(`query($id: ID!) { item(id: $id) { a b } }`);
    for (let i = 0; i < 50; i++) await check(byId, { id: `account-${i}` });
    expect(estimates()).toBe(1);

    const page = parse(`query($n: Int, $withB: Boolean!) { items(first: $n) { a b @include(if: $withB) } }`);
    await check(page, { n: 10, withB: true }); // 1 + 10 × 2 = 21
    await check(page, { n: 10, withB: true });
    expect(estimates()).toBe(2);
    // 1 + 600 × 1 = 601 without b; 1 + 600 × 2 = 1201 with it: the boolean is part of the shape.
    await expect(check(page, { n: 600, withB: false })).resolves.toBeUndefined();
    await expect(check(page, { n: 600, withB: true })).rejects.toMatchObject({
      extensions: { code: 'QUERY_TOO_COMPLEX', complexity: 1201 },
    });
    expect(estimates()).toBe(4);
    // Cached or not, an over-budget operation is rejected every time.
    await expect(check(page, { n: 600, withB: true })).rejects.toMatchObject({
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
    expect(estimates()).toBe(4);
  });

  it('does not keep a failed estimate: invalid variables first, then a valid over-budget request is still priced', async () => {
    const { check, estimates } = harness(1_000);
    const doc = parse(`query($n: Int, $f: Filter) { items(first: $n, filter: $f) { a b } }`);
    // An input object missing its required field: the estimate cannot coerce it and lets Apollo answer.
    await expect(check(doc, { n: 600, f: { nope: 1 } })).resolves.toBeUndefined();
    await expect(check(doc, { n: 600, f: { band: 'RED' } })).rejects.toMatchObject({
      extensions: { code: 'QUERY_TOO_COMPLEX', complexity: 1201 },
    });
    expect(estimates()).toBe(2);
  });

  it('estimateKey keeps numbers, booleans and nulls, and only the kind of anything else', () => {
    expect(estimateKey('Q', { id: 'a', n: 5, b: false, x: null, f: { band: 'RED' }, l: [1] })).toBe(
      estimateKey('Q', { id: 'b', n: 5, b: false, x: null, f: { band: 'GREEN' }, l: [2, 3] }),
    );
    expect(estimateKey('Q', { n: 5 })).not.toBe(estimateKey('Q', { n: 6 }));
    expect(estimateKey('Q', { n: 5 })).not.toBe(estimateKey('R', { n: 5 }));
    expect(estimateKey('Q', { n: '5' })).not.toBe(estimateKey('Q', { n: 5 }));
  });
});
