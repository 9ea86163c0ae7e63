/** Times as the workspace shows them: the exact local time (a row's hover), and the snooze menu's moments. */

export function localeOf(lang: 'nl' | 'en'): string {
  return lang === 'nl' ? 'nl-BE' : 'en-GB';
}

/** "di 14 mei, 09:00": the exact local time of an instant. */
export function exactTime(iso: string, lang: 'nl' | 'en'): string {
  return new Date(iso).toLocaleString(localeOf(lang), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A moment soon, said short: "15:30" today, "morgen 09:00"-style with the weekday otherwise. */
export function shortMoment(date: Date, lang: 'nl' | 'en', now = new Date()): string {
  const sameDay = date.toDateString() === now.toDateString();
  const time = date.toLocaleTimeString(localeOf(lang), { hour: '2-digit', minute: '2-digit' });
  if (sameDay) return time;
  return `${date.toLocaleDateString(localeOf(lang), { weekday: 'short', day: 'numeric', month: 'short' })} ${time}`;
}

/** The snooze menu's moments in the browser's time zone: in an hour, tomorrow 9:00, next Monday 9:00. */
export function snoozeMoments(now: Date): { hour: Date; tomorrow: Date; monday: Date } {
  const hour = new Date(now.getTime() + 60 * 60_000);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
  // the next Monday after today (a Monday itself goes to the one a week later)
  const daysToMonday = ((8 - now.getDay()) % 7) || 7;
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, 9, 0, 0, 0);
  return { hour, tomorrow, monday };
}
