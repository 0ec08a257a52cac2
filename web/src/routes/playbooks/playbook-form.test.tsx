import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import { PlaybookForm } from './playbook-form';
import { draftOf, emptyDraft, inputOf } from './playbook-form-state';

describe('playbook form state', () => {
  it('sends only the parameters of the chosen trigger kind, as numbers', () => {
    const d = emptyDraft();
    d.name = 'Drop watch';
    d.kind = 'HEALTH_DROP';
    // A band typed for another kind stays in the form but is not sent.
    d.params = { band: 'RED', points: '12.5', days: '14', probability: '0.3', flag: '' };
    d.steps[0] = { ...d.steps[0], title: 'Call', dueInDays: '3' };
    const input = inputOf(d);
    expect(input.trigger).toEqual({ kind: 'HEALTH_DROP', points: 12.5, days: 14 });
    expect(input.steps).toEqual([
      {
        title: 'Call',
        description: null,
        type: 'CALL',
        dueInDays: 3,
        touchesCustomer: false,
        assignee: 'OWNER',
        userId: null,
      },
    ]);
    expect(input.segment).toBeNull();
    expect(input.cooldownDays).toBe(30);
  });

  it('an empty or non-numeric parameter is sent as null, so the API names the field', () => {
    const d = { ...emptyDraft(), kind: 'RENEWAL_WITHIN' as const };
    d.params = { ...d.params, days: '' };
    expect(inputOf(d).trigger).toEqual({ kind: 'RENEWAL_WITHIN', days: null });
    d.params = { ...d.params, days: 'abc' };
    expect(inputOf(d).trigger).toEqual({ kind: 'RENEWAL_WITHIN', days: null });
  });

  it('an existing playbook round-trips through the draft (a USER step keeps its user)', () => {
    const p = {
      name: 'Risk',
      description: null,
      segment: 'SMB',
      enabled: false,
      cooldownDays: 10,
      trigger: { kind: 'RISK_ABOVE' as const, probability: 0.4, band: null, points: null, days: null, flag: null },
      steps: [
        {
          title: 'Review',
          description: 'd',
          type: 'REVIEW' as const,
          dueInDays: 1,
          assignee: 'USER' as const,
          userId: 'u-1',
          touchesCustomer: true,
        },
      ],
    };
    expect(inputOf(draftOf(p))).toEqual({
      name: 'Risk',
      description: null,
      segment: 'SMB',
      enabled: false,
      cooldownDays: 10,
      trigger: { kind: 'RISK_ABOVE', probability: 0.4 },
      steps: [
        {
          title: 'Review',
          description: 'd',
          type: 'REVIEW',
          dueInDays: 1,
          assignee: 'USER',
          userId: 'u-1',
          touchesCustomer: true,
        },
      ],
    });
  });
});

describe('PlaybookForm', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the parameter fields of the kind and the API’s errors beside them', async () => {
    const onSubmit = vi.fn();
    const screen = await render(
      <PlaybookForm
        initial={{ ...emptyDraft(), kind: 'HEALTH_DROP' }}
        submitLabel="Create playbook"
        busy={false}
        fieldErrors={{
          'trigger.points': 'must be a number of score points greater than 0 and at most 100',
          'steps[0].title': 'title must not be blank',
        }}
        formError={null}
        onSubmit={onSubmit}
        onCancel={() => undefined}
      />,
    );
    const points = screen.getByLabelText('Drop of (score points)');
    await expect.element(points).toHaveAttribute('aria-invalid', 'true');
    await expect.element(points).toHaveAccessibleDescription(/greater than 0 and at most 100/);
    await expect.element(screen.getByLabelText('Days', { exact: true })).toBeVisible();
    await expect.element(screen.getByLabelText('Step 1 title')).toHaveAccessibleDescription('title must not be blank');
    expect(screen.getByLabelText('Band').elements()).toHaveLength(0);
    await userEvent.fill(points, '15');
    await userEvent.click(screen.getByRole('button', { name: 'Create playbook' }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'HEALTH_DROP', params: expect.objectContaining({ points: '15' }) }),
    );
  });
});
