import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './src/database/data-source';

/**
 * The DataSource for the TypeORM CLI (`npm run migration:generate -- src/database/migrations/<Name>`,
 * `npm run migration:run`). It needs DATABASE_URL; the app itself also starts an embedded server when it is unset.
 */
const url = process.env.DATABASE_URL ?? 'postgres://vitals:vitals@127.0.0.1:5432/vitals';
export default new DataSource(buildDataSourceOptions(url));
