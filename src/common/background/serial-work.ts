import { BackgroundWork } from './background-work';

/**
 * Event work done one item at a time per instance, in arrival order (a nightly recompute can emit thousands of
 * events; handling them must not take every pooled connection from API requests). A failure goes to `onError`,
 * never to the emitter. At shutdown the item in progress is waited for (bounded) and queued ones are not
 * started (the pool is about to close): `drain` tells how many were dropped.
 */
export class SerialWork {
  private queue: Promise<void> = Promise.resolve();
  private dropped = 0;
  private readonly background: BackgroundWork;

  constructor(private readonly onError: (what: string, err: unknown) => void) {
    this.background = new BackgroundWork((err) => onError('background work', err));
  }

  /** Queues `fn` behind the work already queued; the promise settles when it has run (never rejects). */
  run(what: string, fn: () => Promise<unknown>): Promise<void> {
    const run = () => {
      if (!this.background.closing) return fn();
      this.dropped++;
      return undefined;
    };
    this.queue = this.queue.then(run).then(
      () => undefined,
      (err) => this.onError(what, err),
    );
    return this.background.track(this.queue);
  }

  /** Stops starting queued items and waits up to `timeoutMs` for the one running. */
  async drain(timeoutMs: number): Promise<{ settled: boolean; dropped: number }> {
    const settled = await this.background.drain(timeoutMs);
    return { settled, dropped: this.dropped };
  }
}
