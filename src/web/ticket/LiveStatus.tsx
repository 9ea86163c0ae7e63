import { useCallback, useState, type ReactNode } from 'react';
import { useErrorText } from '../errors.js';

export type Announce = (message: string, isError?: boolean) => void;

/**
 * One polite live region per screen for what just happened ("Tags saved.", "2 tickets updated."),
 * always in the DOM so screen readers hear changes; errors go to an alert instead.
 */
export function useLiveStatus(): { announce: Announce; region: ReactNode } {
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const announce = useCallback<Announce>((text, isError = false) => setMessage({ text, isError }), []);
  const region = (
    <>
      <p className="live-status ok" role="status" aria-live="polite" data-testid="status-message">
        {message && !message.isError ? message.text : ''}
      </p>
      {message?.isError && (
        <p className="live-status error" role="alert" data-testid="status-error">
          {message.text}
        </p>
      )}
    </>
  );
  return { announce, region };
}

/**
 * Runs a change on a screen with a live region: `busy` while it runs, and a refusal announced as an
 * error (the change announces its own success). Resolves to whether it went through.
 */
export function useAnnouncedAction(announce: Announce): { busy: boolean; run: (action: () => Promise<void>) => Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const errorText = useErrorText();
  const run = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      try {
        await action();
        return true;
      } catch (caught) {
        announce(errorText(caught), true);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [announce, errorText],
  );
  return { busy, run };
}
