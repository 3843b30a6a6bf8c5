// The waiting the local receivers share (OTLP receiver, X-Ray daemon): a test awaits something that
// arrives later; each arrival re-checks the pending waits, a wait that times out rejects with the
// receiver's own message, and closing the receiver rejects what is still pending.

interface Waiter {
  check(): boolean;
  fail(error: Error): void;
}

/** Pending waits of one local receiver. */
export interface WaitList {
  /**
   * Resolves with what `find` returns once it is not undefined (checked now and on every `settle`);
   * rejects after `timeoutMs` with the message `timeoutMessage` builds then.
   */
  wait<T>(find: () => T | undefined, timeoutMs: number, timeoutMessage: () => string): Promise<T>;
  /** Re-checks every pending wait; call it after something arrived. */
  settle(): void;
  /** Rejects every pending wait with `error` (the receiver is closing). */
  failAll(error: Error): void;
}

/**
 * Creates the list of pending waits one receiver keeps.
 *
 * @example
 * const waits = createWaitList();
 * const span = await waits.wait(() => spans.find(isRoot), 5000, () => `no root span in ${spans.length}`);
 */
export function createWaitList(): WaitList {
  const waiters = new Set<Waiter>();

  function wait<T>(find: () => T | undefined, timeoutMs: number, timeoutMessage: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(timeoutMessage()));
      }, timeoutMs);
      const waiter: Waiter = {
        check() {
          const found = find();
          if (found === undefined) return false;
          clearTimeout(timer);
          resolve(found);
          return true;
        },
        fail(error) {
          clearTimeout(timer);
          reject(error);
        },
      };
      if (!waiter.check()) waiters.add(waiter);
    });
  }

  function settle(): void {
    for (const waiter of waiters) if (waiter.check()) waiters.delete(waiter);
  }

  function failAll(error: Error): void {
    for (const waiter of waiters) waiter.fail(error);
    waiters.clear();
  }

  return { wait, settle, failAll };
}
