import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApi } from '../api/index.js';
import { useT } from '../dictionary.js';
import { usePlatforms } from '../platforms.js';
import { useResource } from '../useResource.js';
import { Outcome, useSubmit } from './common.js';
import { connectWords } from './connect-words.js';

/**
 * "Connect with …": the button that sends the admin to the platform's authorize page (for a new
 * channel of `entity`, or to reconnect `channelId`), and the picker the callback leads back to.
 */
export function ConnectButton({ platform, entity, channelId }: { platform: string; entity: string; channelId?: string }) {
  const t = useT();
  const words = connectWords(t.admin.lang);
  const { platformName, list } = usePlatforms();
  const api = useApi();
  const submit = useSubmit();
  if (!list.find((p) => p.id === platform)?.oauth) return null;
  const name = platformName(platform);
  const start = () =>
    void submit.run(async () => {
      const { authorizeUrl } = await api.startConnect(platform, entity, channelId);
      window.location.assign(authorizeUrl);
    }, words.redirecting);
  return (
    <div className="connect-oauth stack" data-testid="connect-oauth">
      <p className="hint">{channelId ? words.reconnectHint(name) : words.connectHint(name)}</p>
      <div className="button-row">
        <button type="button" disabled={submit.busy || !entity} onClick={start} data-testid="connect-button">
          {words.connectWith(name)}
        </button>
        {!entity && <span className="hint">{words.connectEntityFirst}</span>}
      </div>
      <Outcome ok={submit.ok} error={submit.error} testId="connect" />
    </div>
  );
}

/** A channel id from the platform and the account's name: lowercase letters, digits and dashes. */
function suggestedId(platform: string, name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${platform}-${slug || 'account'}`.slice(0, 60).replace(/-+$/, '');
}

/** After the callback: the accounts the authorization may attach; one becomes the channel (or renews the one being reconnected). */
export function ConnectPicker({ connectionId, onDone, onCancel }: { connectionId: string; onDone: (channelId: string) => void; onCancel: () => void }) {
  const t = useT();
  const words = connectWords(t.admin.lang);
  const { platformName } = usePlatforms();
  const api = useApi();
  const connection = useResource(() => api.connectionAccounts(connectionId), [connectionId]);
  const [chosen, setChosen] = useState<string>('');
  const [channelId, setChannelId] = useState('');
  const [name, setName] = useState('');
  const submit = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);
  const data = connection.data ?? null;
  const accounts = data?.accounts ?? [];

  useEffect(() => {
    heading.current?.focus();
  }, [data]);
  useEffect(() => {
    const first = data?.accounts[0];
    if (!first || chosen) return;
    setChosen(first.id);
    setName(first.name);
    setChannelId(suggestedId(data.platform, first.name));
  }, [data, chosen]);

  const choose = (id: string) => {
    const account = accounts.find((a) => a.id === id);
    setChosen(id);
    if (account && data && !data.channelId) {
      setName(account.name);
      setChannelId(suggestedId(data.platform, account.name));
    }
  };

  const attach = async (event: FormEvent) => {
    event.preventDefault();
    if (!data || !chosen) return;
    const target = data.channelId ?? channelId.trim();
    const done = await submit.run(
      () => api.attachAccount(connectionId, data.channelId ? { account: chosen } : { account: chosen, channel: { id: target, ...(name.trim() ? { name: name.trim() } : {}) } }),
      words.attached(target),
    );
    if (done) onDone(target);
  };

  const platform = data ? platformName(data.platform) : '';
  return (
    <section className="card connect-picker" aria-labelledby="connect-picker-title" data-testid="connect-picker">
      <h2 id="connect-picker-title" ref={heading} tabIndex={-1}>
        {data ? (data.channelId ? words.pickReconnectTitle(platform, data.channelId) : words.pickTitle(platform)) : t.loading}
      </h2>
      {connection.error && (
        <p role="alert" className="error" data-testid="connect-picker-error">
          {words.expired}
        </p>
      )}
      {data && accounts.length === 0 && <p className="notice-inline">{words.noAccounts}</p>}
      {data && accounts.length > 0 && (
        <form className="stack" onSubmit={(event) => void attach(event)}>
          <fieldset>
            <legend>{words.pickLegend}</legend>
            {accounts.map((account) => (
              <label key={account.id} className="inline">
                <input type="radio" name="connect-account" value={account.id} checked={chosen === account.id} onChange={() => choose(account.id)} />
                <span>
                  {account.name}
                  {account.detail && <span className="muted"> · {account.detail}</span>}
                </span>
              </label>
            ))}
          </fieldset>
          {!data.channelId && (
            <div className="grid-fields">
              <label>
                <span>{words.channelId}</span>
                <input type="text" required pattern="[a-z0-9][a-z0-9-]*" maxLength={64} value={channelId} onChange={(event) => setChannelId(event.target.value)} />
              </label>
              <label>
                <span>{words.channelName}</span>
                <input type="text" value={name} onChange={(event) => setName(event.target.value)} />
              </label>
            </div>
          )}
          <div className="button-row">
            <button type="submit" disabled={submit.busy || !chosen} data-testid="connect-attach">
              {data.channelId ? words.renew : words.attach}
            </button>
            <button type="button" className="secondary" onClick={onCancel}>
              {words.cancel}
            </button>
          </div>
          <Outcome ok={submit.ok} error={submit.error} testId="connect-attach" />
        </form>
      )}
      {(connection.error || (data && accounts.length === 0)) && (
        <div className="button-row">
          <button type="button" className="secondary" onClick={onCancel}>
            {words.cancel}
          </button>
        </div>
      )}
    </section>
  );
}

/** What the callback said when nothing was authorized (the admin pressed Cancel, or the exchange failed). */
export function ConnectRefused({ reason, platform, onClose }: { reason: string; platform: string; onClose: () => void }) {
  const t = useT();
  const words = connectWords(t.admin.lang);
  const { platformName } = usePlatforms();
  const name = platformName(platform);
  return (
    <div className="banner-danger" role="alert" data-testid="connect-refused">
      <span>{reason === 'denied' ? words.denied(name) : words.failed(name)}</span>{' '}
      <button type="button" className="secondary" onClick={onClose}>
        {words.close}
      </button>
    </div>
  );
}
