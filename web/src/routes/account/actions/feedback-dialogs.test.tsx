import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '@/lib/query-client';
import { NpsDialog } from './feedback-dialogs';

/** The service's answer to an out-of-range score (the shape of a real BAD_USER_INPUT response). */
function badScoreResponse() {
  return new Response(
    JSON.stringify({
      data: null,
      errors: [
        {
          message: 'score: score must be an integer from 0 to 10',
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [{ field: 'score', message: 'score must be an integer from 0 to 10' }],
          },
        },
      ],
    }),
    { status: 200, headers: { 'content-type': 'application/json', 'x-request-id': 'req-7' } },
  );
}

describe('NpsDialog', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the API’s field error beside the score and keeps the form open', async () => {
    const fetchMock = vi.fn(async () => badScoreResponse());
    vi.stubGlobal('fetch', fetchMock);
    const onClose = vi.fn();
    const screen = await render(
      <QueryClientProvider client={createQueryClient()}>
        <NpsDialog accountId="acc-1" onClose={onClose} />
      </QueryClientProvider>,
    );
    await userEvent.fill(screen.getByLabelText('Score (0–10)'), '11');
    await userEvent.fill(screen.getByLabelText('Comment (optional)'), 'Too slow');
    await userEvent.click(screen.getByRole('button', { name: 'Record NPS' }));

    const score = screen.getByLabelText('Score (0–10)');
    await expect.element(screen.getByText('score must be an integer from 0 to 10')).toBeVisible();
    await expect.element(score).toHaveAttribute('aria-invalid', 'true');
    await expect.element(score).toHaveAccessibleDescription('score must be an integer from 0 to 10');
    expect(onClose).not.toHaveBeenCalled();
    const body = JSON.parse((fetchMock.mock.calls[0] as unknown as [string, { body: string }])[1].body);
    expect(body.variables).toEqual({ input: { accountId: 'acc-1', score: 11, comment: 'Too slow' } });
  });

  it('refuses a non-number before asking the API', async () => {
    const fetchMock = vi.fn(async () => badScoreResponse());
    vi.stubGlobal('fetch', fetchMock);
    const screen = await render(
      <QueryClientProvider client={createQueryClient()}>
        <NpsDialog accountId="acc-1" onClose={() => undefined} />
      </QueryClientProvider>,
    );
    await userEvent.fill(screen.getByLabelText('Score (0–10)'), 'ten');
    await userEvent.click(screen.getByRole('button', { name: 'Record NPS' }));
    await expect.element(screen.getByText('Enter a whole number from 0 to 10')).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
