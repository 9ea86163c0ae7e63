/** Small pieces shared by the coordinator, dashboard and admin screens. */
import { useCallback, useState } from 'react';
import { useT } from '../dictionary.js';
import { errorText } from '../errors.js';
import type { Dictionary, Lang } from '../i18n.js';

const LOCALES: Record<Lang, string> = { nl: 'nl-BE', en: 'en-GB' };

/** A calendar date `YYYY-MM-DD` as the reader writes it (no time zone involved). */
export function formatDay(day: string, lang: Lang): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, date!)).toLocaleDateString(LOCALES[lang], { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatDateTime(iso: string | null | undefined, lang: Lang, withSeconds = false): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(LOCALES[lang], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}) });
}

export function formatMinutes(t: Dictionary, minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return `${Math.round(minutes)} ${t.admin.minutes}`;
  const hours = minutes / 60;
  return `${hours < 10 ? hours.toFixed(1) : Math.round(hours)} ${t.admin.hours}`;
}

/**
 * Text for developers and administrators (a platform's error, an unreadable payload's reason), folded
 * away behind "Technical details" so the sentence before it is what a reader sees first.
 */
export function TechnicalDetails({ text }: { text: string }) {
  const t = useT();
  return (
    <details className="technical-details">
      <summary>{t.errors.technicalDetails}</summary>
      <code lang="en">{text}</code>
    </details>
  );
}

/** A form's outcome: success politely, a refusal assertively, both announced to screen readers. */
export function Outcome({ ok, error, testId }: { ok?: string | null | undefined; error?: string | null | undefined; testId?: string }) {
  if (error) {
    return (
      <p role="alert" className="error" data-testid={testId ? `${testId}-error` : undefined}>
        {error}
      </p>
    );
  }
  return (
    <p role="status" className="ok status-line" data-testid={testId ? `${testId}-ok` : undefined}>
      {ok ?? ''}
    </p>
  );
}

/** Runs an API call for a form: busy flag, the refusal in the interface's words (errors.ts), a success text. */
export function useSubmit(): {
  busy: boolean;
  ok: string | null;
  error: string | null;
  run: (action: () => Promise<unknown>, success: string) => Promise<boolean>;
  /** Shows a refusal found before sending (a check of the screen's own). */
  refuse: (text: string) => void;
  clear: () => void;
} {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [ok, setOk] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>, success: string) => {
      setBusy(true);
      setOk(null);
      setError(null);
      try {
        await action();
        setOk(success);
        return true;
      } catch (caught) {
        setError(errorText(t, caught));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  const clear = useCallback(() => {
    setOk(null);
    setError(null);
  }, []);
  const refuse = useCallback((text: string) => {
    setOk(null);
    setError(text);
  }, []);
  return { busy, ok, error, run, refuse, clear };
}
