import { useState, type FormEvent } from 'react';
import { useApi, type SavedView, type TicketFilter } from '../api/index.js';
import { useT } from '../dictionary.js';
import { normalizeFilter, sameFilter } from './query.js';
import { useAnnouncedAction, type Announce } from '../ticket/LiveStatus.js';

export function SavedViews({
  views,
  filter,
  onApply,
  onChanged,
  announce,
}: {
  views: SavedView[];
  filter: TicketFilter;
  onApply: (filter: TicketFilter) => void;
  onChanged: () => Promise<void>;
  announce: Announce;
}) {
  const t = useT();
  const api = useApi();
  const { run } = useAnnouncedAction(announce);
  const [pickedId, setPickedId] = useState('');
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  // A picked view stays shown only while the queue still uses its filter.
  const picked = views.find((view) => String(view.id) === pickedId && sameFilter(normalizeFilter(view.filter as Record<string, unknown>), filter));

  const pick = (id: string) => {
    setPickedId(id);
    const view = views.find((candidate) => String(candidate.id) === id);
    if (view) onApply(normalizeFilter(view.filter as Record<string, unknown>));
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const view = await api.saveView(name.trim(), filter, shared);
      await onChanged();
      setPickedId(String(view.id));
      setSaving(false);
      setName('');
      setShared(false);
      announce(t.work.viewSaved);
    });
  };

  const remove = async () => {
    if (!picked) return;
    await run(async () => {
      await api.deleteView(picked.id);
      setPickedId('');
      await onChanged();
      announce(t.work.viewDeleted);
    });
  };

  return (
    <div className="views" role="group" aria-label={t.work.views}>
      <label>
        <span>{t.work.viewPick}</span>
        <select name="view" value={picked ? pickedId : ''} onChange={(event) => pick(event.target.value)}>
          <option value="">{t.work.viewNone}</option>
          {views.map((view) => (
            <option key={view.id} value={String(view.id)}>
              {view.name}
              {view.shared ? ` (${t.work.sharedMark})` : ''}
            </option>
          ))}
        </select>
      </label>
      {picked?.mine && (
        <button type="button" className="secondary" onClick={() => void remove()}>
          {t.work.viewDelete}
        </button>
      )}
      {saving ? (
        <form className="view-save" onSubmit={save} aria-label={t.work.viewSave}>
          <label>
            <span>{t.work.viewName}</span>
            <input type="text" name="viewName" required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} autoFocus />
          </label>
          <label className="inline check">
            <input type="checkbox" name="viewShared" checked={shared} onChange={(event) => setShared(event.target.checked)} />
            <span>{t.work.viewShared}</span>
          </label>
          <button type="submit" disabled={!name.trim()}>
            {t.work.save}
          </button>
          <button type="button" className="secondary" onClick={() => setSaving(false)}>
            {t.work.cancel}
          </button>
        </form>
      ) : (
        <button type="button" className="secondary" onClick={() => setSaving(true)}>
          {t.work.viewSave}
        </button>
      )}
    </div>
  );
}
