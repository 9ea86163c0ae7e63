import type { TermStatus } from '../api/index.js';
import { formatDay } from '../admin/common.js';
import { useT } from '../dictionary.js';

/** One legal term: its due date, and either "met" or the days left / overdue, in words and colour. */
export function Term({ dueOn, status, daysLeft }: { dueOn: string; status: TermStatus; daysLeft: number | undefined }) {
  const t = useT();
  const when = status === 'met' ? t.admin.termMet : daysLeft === undefined ? '' : daysLeft < 0 ? t.admin.daysOverdue(-daysLeft) : t.admin.daysLeft(daysLeft);
  return (
    <span className={`term term-${status}`}>
      <time dateTime={dueOn}>{formatDay(dueOn, t.admin.lang)}</time>
      <span className="term-left">
        {status === 'overdue' || status === 'due_soon' ? `${t.admin.termStatus[status]} · ` : ''}
        {when}
      </span>
    </span>
  );
}
