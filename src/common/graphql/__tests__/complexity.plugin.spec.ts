import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { pageSizeEstimator, variablesForEstimate } from '../complexity.plugin';

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
    const price = (variables: Record<string, unknown>) => getComplexity({ schema, query, variables, estimators: [pageSizeEstimator] });
    // 1 + 100 × (a + b = 2) = 201
    expect(price(full)).toBe(201);
    expect(price(variablesForEstimate(full))).toBe(201);
  });
});
