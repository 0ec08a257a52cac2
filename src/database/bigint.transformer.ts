import { ValueTransformer } from 'typeorm';

/** bigint columns hold cents; node-postgres returns them as strings. Values stay exact up to 2^53. */
export const bigintToNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? v : Number(v)),
};
