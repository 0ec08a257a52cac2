import { moneyText, plural } from '../money-text';
import { describeTimelineEvent } from '../timeline';

describe('money in plain words', () => {
  it('formats integer cents with thousands separators and two decimals', () => {
    expect(moneyText(0)).toBe('0.00');
    expect(moneyText(5)).toBe('0.05');
    expect(moneyText(123_456_789)).toBe('1,234,567.89');
    expect(moneyText(-150_000)).toBe('-1,500.00');
    expect(plural(1, 'day')).toBe('1 day');
    expect(plural(3, 'day')).toBe('3 days');
  });
});

describe('timeline wording', () => {
  it('MRR movements say the change and the before/after', () => {
    expect(
      describeTimelineEvent('MRR_MOVEMENT', {
        mrr: { type: 'CONTRACTION', amountCents: 25_000, mrrBeforeCents: 100_000, mrrAfterCents: 75_000 },
      }),
    ).toEqual({ title: 'Contraction: MRR −250.00', summary: 'MRR went from 1,000.00 to 750.00 a month.' });
  });

  it('band changes say the direction, rounding the score', () => {
    expect(describeTimelineEvent('HEALTH_BAND_CHANGED', { band: { from: 'RED', to: 'YELLOW', score: 55.6 } })).toEqual({
      title: 'Health rose to YELLOW',
      summary: 'Health band went from RED to YELLOW (score 56).',
    });
    expect(
      describeTimelineEvent('HEALTH_BAND_CHANGED', { band: { from: 'GREEN', to: 'RED', score: null } }).title,
    ).toBe('Health fell to RED');
  });

  it('feedback quotes the comment, shortening long ones', () => {
    const fb = { score: 9, category: 'PROMOTER', comment: 'x'.repeat(200), source: null, sentiment: null, topic: null };
    const d = describeTimelineEvent('NPS_RESPONSE', { feedback: fb });
    expect(d.title).toBe('NPS 9 (promoter)');
    expect(d.summary).toBe(`“${'x'.repeat(139)}…”`);
    expect(
      describeTimelineEvent('CSAT_RESPONSE', { feedback: { ...fb, score: 2, comment: null, topic: 'billing' } }),
    ).toEqual({
      title: 'CSAT 2 of 5 on billing',
      summary: 'No comment.',
    });
    expect(
      describeTimelineEvent('FEEDBACK_NOTE', {
        feedback: { ...fb, score: null, comment: 'ok', source: 'EMAIL', sentiment: null },
      }).title,
    ).toBe('Feedback (email)');
  });

  it('overrides, flags, tasks, runs and churn reasons', () => {
    const o = { band: 'GREEN', reason: 'signed the renewal', expiresAt: '2026-05-01T00:00:00.000Z' };
    expect(describeTimelineEvent('OVERRIDE_SET', { override: o })).toEqual({
      title: 'Health overridden to GREEN',
      summary: 'Signed the renewal (until 2026-05-01).',
    });
    expect(
      describeTimelineEvent('FLAG_RAISED', {
        flag: { type: 'PAYMENT_FAILED', evidence: '2 failed payment(s) in 30 days' },
      }),
    ).toEqual({ title: 'Red flag raised: payment failed', summary: '2 failed payment(s) in 30 days.' });
    const task = {
      taskId: 't',
      title: 'Call Ann',
      type: 'CALL',
      status: 'DONE',
      outcome: 'NO_RESPONSE',
      dueAt: '2026-03-02T10:00:00.000Z',
    };
    expect(describeTimelineEvent('TASK_COMPLETED', { task }).summary).toBe('Outcome: no response.');
    expect(describeTimelineEvent('TASK_CREATED', { task }).summary).toBe('Call task, due 2026-03-02.');
    const run = {
      runId: 'r',
      playbookId: 'p',
      playbookName: 'Save',
      status: 'ENDED',
      outcome: null,
      triggerKind: 'NPS_DETRACTOR',
    };
    expect(describeTimelineEvent('PLAYBOOK_STARTED', { playbookRun: run }).summary).toBe('Triggered by nps detractor.');
    expect(describeTimelineEvent('CHURN_REASON', { churnReason: { reason: 'PRICE', detail: null } })).toEqual({
      title: 'Churn reason recorded: price',
      summary: 'No detail.',
    });
  });
});
