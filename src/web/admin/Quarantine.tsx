import { useApi } from '../api/index.js';
import { formatDateTime, Outcome, TechnicalDetails, useSubmit } from './common.js';
import { useT } from '../dictionary.js';
import { useResource } from '../useResource.js';

/** A channel's quarantined items (never their raw payload): why each could not be read, retry or dismiss. */
export function Quarantine({ channelId, onChange, onClose }: { channelId: string; onChange: () => void; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const list = useResource(() => api.quarantine(channelId), [channelId]);
  const submit = useSubmit();
  const lang = t.admin.lang;
  const act = async (action: () => Promise<unknown>, success: string) => {
    await submit.run(action, success);
    void list.reload();
    onChange();
  };
  return (
    <section className="card" aria-labelledby="quarantine-title" data-testid="quarantine">
      <div className="section-head">
        <h2 id="quarantine-title">{t.admin.quarantineTitle(channelId)}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          {t.close}
        </button>
      </div>
      {list.error && (
        <p role="alert" className="error">
          {list.error}
        </p>
      )}
      {list.data && list.data.items.length === 0 && <p className="empty">{t.admin.noQuarantine}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="queue stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t.admin.itemType}</th>
                <th scope="col">{t.admin.externalId}</th>
                <th scope="col">{t.admin.reason}</th>
                <th scope="col">{t.admin.seen}</th>
                <th scope="col">{t.admin.firstSeen}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.admin.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((item) => (
                <tr key={item.id}>
                  <td data-label={t.admin.itemType}>{t.admin.itemTypes[item.itemType] ?? t.admin.otherItemType}</td>
                  <td data-label={t.admin.externalId} className="mono">
                    {item.externalId ?? '—'}
                  </td>
                  <td data-label={t.admin.reason} className="message-text">
                    {t.admin.quarantineReason}
                    <TechnicalDetails text={item.reason} />
                  </td>
                  <td data-label={t.admin.seen}>{item.seenCount}×</td>
                  <td data-label={t.admin.firstSeen}>{formatDateTime(item.createdAt, lang)}</td>
                  <td>
                    <div className="button-row">
                    <button type="button" disabled={submit.busy} onClick={() => void act(() => api.retryQuarantined(item.id), t.admin.retried)}>
                      {t.admin.retry}
                    </button>
                    <button type="button" className="secondary" disabled={submit.busy} onClick={() => void act(() => api.dismissQuarantined(item.id), t.admin.dismissed)}>
                      {t.admin.dismiss}
                    </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Outcome ok={submit.ok} error={submit.error} testId="quarantine" />
    </section>
  );
}
