import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestContainer } from '@nestjs/core';
import { GRAPHQL_SDL_FILE_HEADER, GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { loadConfig } from '../../config/config';
import { createLogging } from '../logging/logging';
import { GRAPHQL_BUILD_SCHEMA_OPTIONS } from './schema-options';

/** The committed schema file the web app's codegen reads. */
export const SCHEMA_FILE = join(__dirname, '..', '..', '..', 'schema.gql');

/**
 * The service's code-first schema as SDL, exactly as the running service builds it (same resolver classes, same
 * scalars, sorted), without a database: the module graph is scanned in Nest's preview mode (no provider is
 * instantiated, so nothing connects), and the classes of every provider go to GraphQLSchemaFactory as
 * GraphQLModule does with `getAllCtors()`.
 */
export async function generateSchemaSdl(): Promise<string> {
  // Loaded here, not at the top: the module graph imports every feature module.
  const { AppModule } = await import('../../app.module');
  const config = loadConfig({ NODE_ENV: 'development' });
  const logger = createLogging('silent').root;
  const graph = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: 'postgres://schema-only/none', logger }),
    { preview: true, logger: false, abortOnError: false },
  );
  const container = (graph as unknown as { container: NestContainer }).container;
  const classes = new Set<Type>();
  for (const mod of container.getModules().values()) {
    for (const wrapper of mod.providers.values()) {
      const type = wrapper.metatype;
      if (typeof type === 'function' && !wrapper.inject) classes.add(type as Type);
    }
  }
  await graph.close();

  const builder = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await builder.get(GraphQLSchemaFactory).create([...classes], GRAPHQL_BUILD_SCHEMA_OPTIONS);
    return GRAPHQL_SDL_FILE_HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
  } finally {
    await builder.close();
  }
}

/** Writes schema.gql; returns whether its content changed. */
export async function writeSchemaFile(file = SCHEMA_FILE): Promise<boolean> {
  const sdl = await generateSchemaSdl();
  let before = '';
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    // no file yet
  }
  if (before === sdl) return false;
  writeFileSync(file, sdl);
  return true;
}
