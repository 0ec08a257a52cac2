/**
 * Background work a service starts and must not leave half-done at shutdown (a demo history backfill, a risk
 * training, playbook event handling): it tracks the promises, tells the work when the service is closing (so
 * loops can stop between steps), and lets shutdown wait for what is running, bounded, before the pool closes.
 */
/** How long shutdown waits for background work before the pool closes anyway. */
export const SHUTDOWN_WAIT_MS = 15_000;

export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();
  private closingSince: number | null = null;

  /** `onError` receives what a tracked promise rejected with (background work never throws at its starter). */
  constructor(private readonly onError: (err: unknown) => void) {}

  /** True once `drain` has been called: work should stop at its next step and not start anything new. */
  get closing(): boolean {
    return this.closingSince !== null;
  }

  /** How many tracked promises have not settled yet. */
  get pending(): number {
    return this.running.size;
  }

  /** Tracks `work`; the returned promise settles with it and never rejects (a rejection goes to `onError`). */
  track(work: Promise<unknown>): Promise<void> {
    const guarded = work.then(
      () => undefined,
      (err) => {
        this.onError(err);
      },
    );
    this.running.add(guarded);
    void guarded.finally(() => this.running.delete(guarded));
    return guarded;
  }

  /**
   * Marks the owner closing, then waits until everything tracked has settled (including work tracked while
   * waiting) or `timeoutMs` has passed. Resolves true if all settled in time.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.closingSince ??= Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    const settled = (async (): Promise<true> => {
      while (this.running.size) await Promise.allSettled([...this.running]);
      return true;
    })();
    try {
      return await Promise.race([settled, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
