import { BackgroundWork } from '../background-work';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('BackgroundWork', () => {
  it('drain waits for tracked work, including work tracked while draining, and marks closing', async () => {
    const work = new BackgroundWork(() => undefined);
    const first = deferred();
    const second = deferred();
    void work.track(first.promise);
    expect(work.closing).toBe(false);
    expect(work.pending).toBe(1);

    let drained: boolean | undefined;
    const draining = work.drain(5_000).then((ok) => (drained = ok));
    expect(work.closing).toBe(true);
    void work.track(second.promise);
    first.resolve();
    await new Promise((r) => setImmediate(r));
    expect(drained).toBeUndefined(); // the second one still runs
    second.resolve();
    await draining;
    expect(drained).toBe(true);
    expect(work.pending).toBe(0);
  });

  it('a rejection goes to onError, not to the caller, and does not stop the drain', async () => {
    const errors: unknown[] = [];
    const work = new BackgroundWork((err) => errors.push(err));
    const failing = deferred();
    const tracked = work.track(failing.promise);
    failing.reject(new Error('boom'));
    await expect(tracked).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('boom');
    await expect(work.drain(1_000)).resolves.toBe(true);
  });

  it('drain gives up after the timeout and says so', async () => {
    jest.useFakeTimers();
    try {
      const work = new BackgroundWork(() => undefined);
      void work.track(new Promise(() => undefined)); // never settles
      const draining = work.drain(15_000);
      jest.advanceTimersByTime(14_999);
      await Promise.resolve();
      jest.advanceTimersByTime(1);
      await expect(draining).resolves.toBe(false);
      expect(work.pending).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
