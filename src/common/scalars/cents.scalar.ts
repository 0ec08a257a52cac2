import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** Money in integer minor units (cents). Unlike GraphQL `Int` (32-bit) it is safe up to 2^53 − 1. */
export const CentsScalar = new GraphQLScalarType<number, number>({
  name: 'Cents',
  description: 'Money in integer minor units (cents), as a JSON integer; safe up to 2^53 − 1.',
  serialize(value) {
    const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : (value as number);
    if (typeof n !== 'number' || !Number.isSafeInteger(n))
      throw new GraphQLError(`Cents cannot represent ${String(value)}`);
    return n;
  },
  parseValue(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new GraphQLError('Cents must be an integer number of cents within ±2^53');
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError('Cents must be an integer number of cents');
    const n = Number(ast.value);
    if (!Number.isSafeInteger(n)) throw new GraphQLError('Cents must be within ±2^53');
    return n;
  },
});
