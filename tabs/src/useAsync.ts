// One loading state for every call: data, error message, loading, and reload.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './api.ts';

export type Async<T> =
  /** `data`: what was shown before a reload(), kept on screen while it runs. */
  | { status: 'loading'; data?: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: string }
  | { status: 'ready'; data: T; error?: undefined };

const sameDeps = (a: readonly unknown[] | undefined, b: readonly unknown[]) =>
  a !== undefined && a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/** Runs `load` whenever `deps` change (or reload() is called), aborting the previous call. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Async<T> & { reload(): void } {
  const [state, setState] = useState<Async<T>>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const lastDeps = useRef<readonly unknown[]>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    // New deps start afresh; a reload keeps the current data on screen until it is replaced.
    const keep = sameDeps(lastDeps.current, deps);
    lastDeps.current = deps;
    setState((s) => (keep && s.data !== undefined ? { status: 'loading', data: s.data } : { status: 'loading' }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: errorMessage(e) });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
