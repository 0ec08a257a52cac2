import type { CodegenConfig } from '@graphql-codegen/cli';

/** Types for every GraphQL document in src, from the service's committed schema (../schema.gql). */
const config: CodegenConfig = {
  schema: '../schema.gql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: true,
  silent: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents are plain strings: the client posts them as is (no graphql-js printer in the bundle).
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Cents: 'number', DateTime: 'string', Date: 'string', JSON: 'Record<string, unknown>' },
      },
    },
  },
};
export default config;
