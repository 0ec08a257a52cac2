import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLSchema } from 'graphql';
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

/** Rejects operations whose estimated cost exceeds `maxComplexity` before any resolver runs. */
export function complexityLimitPlugin(getSchema: () => GraphQLSchema, maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema: getSchema(),
              query: document,
              operationName: request.operationName ?? undefined,
              variables: variablesForEstimate(request.variables),
              estimators: [pageSizeEstimator],
            });
          } catch {
            // Invalid variables: Apollo reports them itself (BAD_USER_INPUT, naming the variable).
            return;
          }
          if (complexity > maxComplexity) {
            throw new GraphQLError(`Query is too complex: ${complexity} > ${maxComplexity}. Ask for smaller pages or fewer nested lists.`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', complexity, maxComplexity, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
