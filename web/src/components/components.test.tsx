import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { ApiError } from '@/lib/graphql-client';
import { BandBadge, RiskBadge } from './band-badge';
import { ErrorState, EmptyState } from './states';
import { DateTime } from './date-time';

describe('band badges', () => {
  it('say the band in words and draw a distinct shape for each: never colour alone', async () => {
    const shapes = new Set<string>();
    for (const band of ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const) {
      const screen = await render(<BandBadge band={band} />);
      const el = screen.container;
      expect(el.textContent).toBe(band.charAt(0) + band.slice(1).toLowerCase());
      const svg = el.querySelector('svg');
      expect(svg?.getAttribute('aria-hidden')).toBe('true');
      shapes.add(svg!.innerHTML.replace(/\s/g, '').replace(/fill="[^"]*"/g, ''));
      await screen.unmount();
    }
    expect(shapes.size).toBe(4);
  });

  it('marks an overridden band', async () => {
    const screen = await render(<BandBadge band="YELLOW" overridden />);
    await expect.element(screen.getByText('(override)')).toBeVisible();
  });

  it('risk: a band in words, or says it is not scored', async () => {
    const screen = await render(
      <>
        <RiskBadge band="HIGH" />
        <RiskBadge band={null} />
      </>,
    );
    await expect.element(screen.getByText('High risk')).toBeVisible();
    await expect.element(screen.getByText('Not scored')).toBeVisible();
  });
});

describe('list states', () => {
  it('an error shows the message, the code and the request id to quote', async () => {
    const screen = await render(
      <ErrorState
        error={new ApiError('Query is too complex', 'QUERY_TOO_COMPLEX', 'req-42')}
        onRetry={() => undefined}
      />,
    );
    await expect.element(screen.getByRole('alert')).toHaveTextContent('Could not load this: Query is too complex');
    await expect.element(screen.getByText('req-42')).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Retry' })).toBeVisible();
  });

  it('an empty list says what to do', async () => {
    const screen = await render(<EmptyState title="No open tasks">Create one from an account.</EmptyState>);
    await expect.element(screen.getByText('Create one from an account.')).toBeVisible();
  });
});

describe('DateTime', () => {
  it('shows the user’s time zone and carries UTC for hover', async () => {
    // Europe/Paris is UTC+1 in December.
    const screen = await render(<DateTime value="2026-12-04T23:30:00.000Z" />);
    const time = screen.container.querySelector('time')!;
    expect(time.textContent).toBe('Dec 5, 2026, 12:30 AM');
    expect(time.getAttribute('title')).toBe('2026-12-04 23:30 UTC');
  });
});
