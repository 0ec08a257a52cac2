import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import { ShownOnce } from './shown-once';

describe('ShownOnce', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the secret read-only with the warning, copies it, and is dismissed', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const onDone = vi.fn();
    const screen = await render(<ShownOnce label="Signing secret" value="whsec_abc" onDone={onDone} />);
    const box = screen.getByRole('textbox', { name: 'Signing secret' });
    await expect.element(box).toHaveValue('whsec_abc');
    await expect.element(box).toHaveAttribute('readonly');
    await expect.element(screen.getByText('you won’t see it again')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Copy', exact: true }));
    expect(writeText).toHaveBeenCalledWith('whsec_abc');
    await expect.element(screen.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(onDone).toHaveBeenCalledOnce();
  });
});
