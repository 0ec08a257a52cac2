import type { DataSource } from 'typeorm';
import { loadConfig } from '../../config/config';
import { SignalStore, StreamSummary } from '../signals/signal-store';
import { DemoBook } from '../../core/demo/demo-book.generator';
import { generateDemoSignals } from '../../core/demo/demo-signals.generator';

/**
 * Loads the demo signals through the regular streaming ingestion (COPY + merge, so rollups are exact and
 * a re-load is idempotent). Accounts must be committed first.
 */
export async function loadDemoSignals(db: DataSource, book: DemoBook): Promise<StreamSummary> {
  const store = new SignalStore(db, loadConfig().SIGNAL_RETENTION_MONTHS);
  return store.ingestStream(generateDemoSignals(book), { chunkLines: 100_000 });
}
