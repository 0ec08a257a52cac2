import { describe, expect, it } from 'vitest';
import { figuresVariables, validateVoiceSearch, verbatimFilter, windowStart } from './voice-search';

describe('voice search', () => {
  it('keeps what it understands from the URL and drops the rest', () => {
    const s = validateVoiceSearch({
      segment: ' SMB ',
      owner: 'not-an-id',
      account: '0b8e6c1e-1d2f-4a6b-9c3d-2e1f0a9b8c7d',
      accountName: 'Acme',
      kind: 'NPS',
      category: 'LOUD',
      min: '3',
      max: '11',
      q: 'bugs',
    });
    expect(s).toEqual({
      segment: 'SMB',
      owner: undefined,
      account: '0b8e6c1e-1d2f-4a6b-9c3d-2e1f0a9b8c7d',
      accountName: 'Acme',
      kind: 'NPS',
      category: undefined,
      min: 3,
      max: undefined,
      q: 'bugs',
    });
  });

  it('starts the 12-month window on the first day of the month 11 months back (UTC)', () => {
    expect(windowStart(12, new Date('2026-12-05T01:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
    expect(windowStart(12, new Date('2026-03-31T23:59:00Z'))).toBe('2025-04-01T00:00:00.000Z');
    expect(windowStart(1, new Date('2026-03-31T23:59:00Z'))).toBe('2026-03-01T00:00:00.000Z');
  });

  it('gives the trend, the split and CSAT one scope, and the feed its own filters on top', () => {
    const s = validateVoiceSearch({ segment: 'SMB', category: 'DETRACTOR', min: 0, q: 'slow' });
    const v = figuresVariables(s, new Date('2026-12-05T00:00:00Z'));
    expect(v.filter).toEqual({ segment: 'SMB', ownerId: null, accountId: null });
    expect(v.npsFilter).toEqual({ ...v.filter, from: '2026-01-01T00:00:00.000Z' });
    expect(v.csatFilter).toEqual(v.npsFilter);
    expect(verbatimFilter(s)).toEqual({
      segment: 'SMB',
      ownerId: null,
      accountId: null,
      kind: null,
      npsCategory: 'DETRACTOR',
      minScore: 0,
      maxScore: null,
      search: 'slow',
    });
  });
});
