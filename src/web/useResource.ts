import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { useT } from './dictionary.js';
import { errorText } from './errors.js';

export interface Resource<T> {
  /** The last value loaded; kept while reloading and after a failed reload. */
  data: T | undefined;
  /** The last load's error as a sentence in the interface's language (errors.ts), null once a load succeeds. */
  error: string | null;
  /** True while a load runs (the first one, after a change of the dependencies, or a reload). */
  loading: boolean;
  /** Loads again; an answer that arrives after a newer load started is dropped. */
  reload: () => Promise<void>;
  /** Replaces the value shown (an API call that answered with a fresh copy). */
  set: (update: (current: T | undefined) => T | undefined) => void;
}

/**
 * Something a screen shows from the API: loaded when shown and whenever `deps` change, reloaded on
 * demand, with its loading and error state. `load` may change on every render; `deps` decide.
 * With `resetOnChange` the old value is dropped when the dependencies change (another ticket).
 */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList, options: { resetOnChange?: boolean } = {}): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const t = useT();
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(load);
  latest.current = load;
  const generation = useRef(0);
  const resetOnChange = options.resetOnChange ?? false;

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await latest.current();
      if (mine !== generation.current) return;
      setData(value);
      setFailure(null);
    } catch (caught) {
      if (mine !== generation.current) return;
      setFailure({ error: caught });
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, deps); // the caller's deps decide when to load anew

  useEffect(() => {
    if (resetOnChange) setData(undefined);
    void reload();
  }, [reload, resetOnChange]);

  const set = useCallback((update: (current: T | undefined) => T | undefined) => setData(update), []);
  // translated when shown, so a change of language applies to an error already on screen
  const error = failure === null ? null : errorText(t, failure.error);
  return { data, error, loading, reload, set };
}
