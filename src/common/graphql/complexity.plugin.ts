import { ErrorCode } from '../errors/app-error';
import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { getComplexity, ComplexityEstimator } from 'graphql-query-complexity';

/** Lists without a `first` argument are assumed to hold this many items. */
const UNBOUNDED_LIST_WEIGHT = 10;

/**
 * Every field costs 1; a field with a `first` (page size) argument costs `first` × its children, so a
 * page of 500 accounts with nested lists is priced as what it is.
 */
export const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  const first = typeof args?.first === 'number' && args.first > 0 ? args.first : null;
  if (first !== null) return 1 + first * Math.max(1, childComplexity);
  const type = String(field.type);
  if (type.startsWith('[') || type.startsWith('[', type.startsWith('!') ? 1 : 0)) {
    return 1 + UNBOUNDED_LIST_WEIGHT * Math.max(1, childComplexity);
  }
  return 1 + childComplexity;
};

/**
 * The variables the estimate needs: list values are cut to their first item. The cost depends only on the
 * selection and on scalar arguments such as `first`, never on how many items an input list holds, and
 * coercing every item of a bulk input (5,000 signals in `ingestSignals`) here would do Apollo's own
 * coercion twice. Items left out are still coerced and validated by Apollo when the operation executes.
 */
export function variablesForEstimate(variables: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!variables) return {};
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(variables)) {
    if (Array.isArray(v) && v.length > 1) (out ??= { ...variables })[k] = v.slice(0, 1);
  }
  return out ?? variables;
}

/**
 * What of the variables can change the estimate: only numbers (a `first` argument) and booleans (`@include` /
 * `@skip`) can. Strings, ids and input objects cannot: an argument such as `first` takes a top-level Int variable,
 * and a string given for one is rejected by Apollo's coercion before anything runs. So the account page asked
 * for 2,000 different ids is estimated once.
 */
export function estimateKey(
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): string {
  const shape: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(variables ?? {})) {
    shape[k] = typeof v === 'number' || typeof v === 'boolean' || v === null ? v : typeof v === 'string' ? 's' : 'o';
  }
  return `${operationName ?? ''}\u0000${JSON.stringify(shape)}`;
}

/** Estimates kept per parsed document (Apollo reuses one DocumentNode per query text); a few shapes each. */
const MAX_SHAPES_PER_DOCUMENT = 32;

/**
 * Rejects operations whose estimated cost exceeds `maxComplexity` before any resolver runs. The estimate walks
 * the whole operation (≈ 6 % of the service's CPU under the read benchmark), so it is kept per document and
 * variable shape: the same query with the same page sizes costs the same.
 */
export function complexityLimitPlugin(getSchema: () => GraphQLSchema, maxComplexity: number): ApolloServerPlugin {
  const estimates = new WeakMap<DocumentNode, Map<string, number>>();
  const estimate = (
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
  ): number | null => {
    let byShape = estimates.get(document);
    if (!byShape) estimates.set(document, (byShape = new Map()));
    const key = estimateKey(operationName, variables);
    const known = byShape.get(key);
    if (known !== undefined) return known;
    let complexity: number;
    try {
      complexity = getComplexity({
        schema: getSchema(),
        query: document,
        operationName: operationName ?? undefined,
        variables: variablesForEstimate(variables),
        estimators: [pageSizeEstimator],
      });
    } catch {
      // Invalid variables: Apollo reports them itself (BAD_USER_INPUT, naming the variable). Not kept: valid
      // values of the same shape must still be priced.
      return null;
    }
    if (byShape.size >= MAX_SHAPES_PER_DOCUMENT) byShape.clear();
    byShape.set(key, complexity);
    return complexity;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = estimate(document, request.operationName, request.variables);
          if (complexity === null) return;
          if (complexity > maxComplexity) {
            throw new GraphQLError(
              `Query is too complex: ${complexity} > ${maxComplexity}. Ask for smaller pages or fewer nested lists.`,
              {
                extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, complexity, maxComplexity, http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}
