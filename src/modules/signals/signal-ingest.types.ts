/** The shapes of signal ingestion's inputs and outcomes, shared by the store, its stream ingestion and callers. */

/** One input record of a stream: a parsed value, or why the line could not be parsed. */
export interface RawRecord {
  /** 1-based line number (or any position the caller reports rejections by). */
  line: number;
  value?: unknown;
  error?: string;
}

export interface RejectedLine {
  line: number;
  id: string | null;
  reason: string;
}

export interface StreamSummary {
  lines: number;
  accepted: number;
  duplicates: number;
  /** Total rejected lines; `rejected` lists at most MAX_LISTED_REJECTIONS of them (memory stays flat). */
  rejectedCount: number;
  rejected: RejectedLine[];
  chunks: number;
}

export interface ChunkOutcome {
  accepted: number;
  duplicates: number;
  accountIds: string[];
  summary: StreamSummary;
}

export interface BatchOutcome {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; id: string | null; reason: string }>;
  accountIds: string[];
}

export interface StreamOptions {
  chunkLines?: number;
  onChunk?: (c: ChunkOutcome) => void | Promise<void>;
}

export const DEFAULT_CHUNK_LINES = 50_000;
export const MAX_LISTED_REJECTIONS = 1000;
