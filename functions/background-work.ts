/**
 * Work the local server does after an answer has gone out (the webhook and mail dispatchers,
 * which are functions of their own in AWS): tracked, so that `idle()` can wait for all of it
 * (tests, a clean shutdown), and retries on timers that `stop()` clears.
 */
export function backgroundWork() {
  const pending = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const track = (work: Promise<unknown>) => {
    pending.add(work);
    work.finally(() => pending.delete(work)).catch(() => undefined);
  };

  return {
    track,
    /** Runs `work` after `delay` ms, tracked from now on: `idle()` waits for it. */
    later(delay: number, work: () => Promise<unknown>) {
      let release: () => void = () => undefined;
      track(
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        track(work());
        release();
      }, delay);
      timer.unref();
      timers.add(timer);
    },
    get stopped() {
      return stopped;
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
