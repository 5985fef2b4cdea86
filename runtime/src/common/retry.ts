import { Logger } from "./log";

export interface RetryOptions {
  /** First wait. */
  readonly initialDelayMs?: number; // default 200
  /** Longest wait between two attempts. */
  readonly maxDelayMs?: number; // default 10_000
  /** Attempts before giving up; Infinity retries until aborted. */
  readonly maxAttempts?: number; // default Infinity
  /** Stops the retries (shutdown, partition revoked). */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** What is being retried, for the logs. */
  readonly operation: string;
}

/** Programming errors are bugs, not weather: retrying them only hides them. */
const NEVER_RETRIED = [TypeError, RangeError, SyntaxError, ReferenceError];

export class AbortedError extends Error {
  constructor(operation: string) {
    super(`${operation} was aborted`);
    this.name = "AbortedError";
  }
}

/** Full-jitter exponential backoff: a random wait in [0, min(max, initial * 2^attempt)]. */
export function backoffDelayMs(attempt: number, initialDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(maxDelayMs, initialDelayMs * 2 ** attempt));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError("sleep"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError("sleep"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `work` until it succeeds, waiting with backoff between attempts. */
export async function retry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const initialDelayMs = options.initialDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? Infinity;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new AbortedError(options.operation);
    try {
      return await work(attempt);
    } catch (error) {
      if (NEVER_RETRIED.some((type) => error instanceof type) || attempt + 1 >= maxAttempts) throw error;
      const delayMs = backoffDelayMs(attempt, initialDelayMs, maxDelayMs);
      options.logger?.warn(`${options.operation} failed, retrying`, { attempt: attempt + 1, delayMs, error });
      try {
        await sleep(delayMs, options.signal);
      } catch {
        throw new AbortedError(options.operation);
      }
    }
  }
}
