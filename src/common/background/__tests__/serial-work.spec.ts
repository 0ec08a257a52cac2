import { SerialWork } from '../serial-work';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SerialWork', () => {
  it('runs items one at a time in arrival order', async () => {
    const work = new SerialWork(() => undefined);
    const log: string[] = [];
    const gate = deferred();
    void work.run('a', async () => {
      log.push('a start');
      await gate.promise;
      log.push('a end');
    });
    const b = work.run('b', async () => {
      log.push('b');
    });
    await tick();
    expect(log).toEqual(['a start']); // b waits for a
    gate.resolve();
    await b;
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('a failure goes to onError with its label; the queue goes on and the caller never sees a rejection', async () => {
    const errors: Array<[string, string]> = [];
    const work = new SerialWork((what, err) => errors.push([what, (err as Error).message]));
    const failed = work.run('first', () => Promise.reject(new Error('boom')));
    let ran = false;
    const next = work.run('second', async () => {
      ran = true;
    });
    await expect(failed).resolves.toBeUndefined();
    await next;
    expect(ran).toBe(true);
    expect(errors).toEqual([['first', 'boom']]);
  });

  it('drain waits for the item running, does not start the queued ones, and counts them', async () => {
    const work = new SerialWork(() => undefined);
    const gate = deferred();
    const started: string[] = [];
    void work.run('running', async () => {
      started.push('running');
      await gate.promise;
    });
    void work.run('queued 1', async () => {
      started.push('queued 1');
    });
    void work.run('queued 2', async () => {
      started.push('queued 2');
    });
    await tick();
    const draining = work.drain(5_000);
    gate.resolve();
    await expect(draining).resolves.toEqual({ settled: true, dropped: 2 });
    expect(started).toEqual(['running']);
  });
});
