import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * TypeORM options shared by the app, the CLI and the migration CLI. The schema comes only from migrations
 * (never `synchronize`). Entities are found by file name so feature modules need no central list.
 */
export function buildDataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [`${__dirname}/../**/*.entity.{ts,js}`],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    extra: {
      max: 20,
      connectionTimeoutMillis: 5000,
      // A slow query becomes a typed error instead of a hung request.
      statement_timeout: 30000,
      application_name: 'vitals',
      // Dates are UTC everywhere: date/timestamptz casts in SQL must not depend on the server's zone.
      options: '-c TimeZone=UTC',
    },
    ...extra,
  } as DataSourceOptions;
}
