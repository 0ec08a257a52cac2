import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON object (free-form properties). Arrays and scalars at the top level are refused. */
export const JsonObjectScalar = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: 'JSON',
  description: 'A JSON object (top level must be an object).',
  serialize(value) {
    const v = typeof value === 'string' ? JSON.parse(value) : value;
    if (!isObject(v)) throw new GraphQLError('JSON can only represent objects');
    return v;
  },
  parseValue(value) {
    if (!isObject(value)) throw new GraphQLError('JSON must be an object');
    return value;
  },
  parseLiteral(ast, variables) {
    if (ast.kind !== Kind.OBJECT) throw new GraphQLError('JSON must be an object');
    return valueFromASTUntyped(ast, variables) as Record<string, unknown>;
  },
});
