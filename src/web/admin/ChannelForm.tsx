import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApi, type ChannelConfig, type ChannelPatch, type Entity, type NewChannel } from '../api/index.js';
import { Outcome, useSubmit } from './common.js';
import { ConnectButton } from './ConnectAccount.js';
import { connectWords } from './connect-words.js';
import { useT } from '../dictionary.js';
import { usePlatforms } from '../platforms.js';
import { useResource } from '../useResource.js';

export type ChannelFormMode = { kind: 'add' } | { kind: 'edit'; id: string } | { kind: 'reconnect'; id: string };

interface Draft {
  id: string;
  platform: string;
  name: string;
  entity: string;
  account: Record<string, string>;
  credentials: Record<string, string>;
  baseUrl: string;
  pollIntervalSeconds: string;
  enabled: boolean;
}

const emptyDraft = (entity: string, platform: string): Draft => ({
  id: '',
  platform,
  name: '',
  entity,
  account: {},
  credentials: {},
  baseUrl: '',
  pollIntervalSeconds: '60',
  enabled: true,
});

function fromConfig(config: ChannelConfig): Draft {
  return {
    id: config.id,
    platform: config.platform,
    name: config.name ?? '',
    entity: config.entity,
    account: { ...config.account },
    credentials: {},
    baseUrl: config.baseUrl ?? '',
    pollIntervalSeconds: String(config.pollIntervalSeconds),
    enabled: config.enabled,
  };
}

/** Only what was typed: an empty credential field keeps the stored value. */
function typedCredentials(draft: Draft): Record<string, string> {
  return Object.fromEntries(Object.entries(draft.credentials).filter(([, value]) => value.trim() !== '').map(([key, value]) => [key, value.trim()]));
}

/**
 * Add or edit a channel. Credentials are write-only: the fields are never filled in, each key says
 * whether a value is stored, and only typed values are sent. "Reconnect" is the edit form opened
 * at the credentials, for pasting a new token after the platform refused the old one.
 */
export function ChannelForm({ mode, entities, onSaved, onCancel }: { mode: ChannelFormMode; entities: Entity[]; onSaved: (id: string) => void; onCancel: () => void }) {
  const { platformName, fieldsOf, fieldLabel, list: platforms } = usePlatforms();
  const t = useT();
  const api = useApi();
  const [draft, setDraft] = useState<Draft | null>(mode.kind === 'add' ? emptyDraft(entities[0]?.id ?? '', platforms[0]?.id ?? '') : null);
  const submit = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);
  const firstCredential = useRef<HTMLInputElement>(null);
  const editing = mode.kind !== 'add';
  const channelId = mode.kind === 'add' ? '' : mode.id;

  // An existing channel: its settings fill the form once loaded.
  const stored = useResource(() => (channelId ? api.channel(channelId) : Promise.resolve(null)), [channelId]);
  const config = stored.data ?? null;
  const loadError = stored.error;
  const storedKeys = config?.credentialKeys ?? [];
  const fromFile = config?.source === 'config';
  const webhookUrl = config?.webhookUrl ?? null;
  useEffect(() => {
    if (config) setDraft(fromConfig(config));
  }, [config]);

  // Focus moves to the form when it opens (to the first credential for a reconnect).
  const ready = draft !== null;
  useEffect(() => {
    if (!ready) return;
    if (mode.kind === 'reconnect') firstCredential.current?.focus();
    else heading.current?.focus();
  }, [ready, mode.kind]);

  const title = mode.kind === 'add' ? t.admin.addChannel : mode.kind === 'edit' ? t.admin.editChannel(mode.id) : t.admin.reconnectChannel(mode.id);
  const fields = fieldsOf(draft?.platform ?? '');
  const accountKeys = draft ? [...new Set([...fields.account, ...Object.keys(draft.account)])] : [];
  const credentialKeys = [...new Set([...fields.credentials, ...storedKeys])];

  const update = (change: Partial<Draft>) => setDraft((current) => (current ? { ...current, ...change } : current));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const credentials = typedCredentials(draft);
    const account = Object.fromEntries(Object.entries(draft.account).filter(([, value]) => value.trim() !== '').map(([key, value]) => [key, value.trim()]));
    const pollIntervalSeconds = Number(draft.pollIntervalSeconds);
    const done = await submit.run(async () => {
      if (!editing) {
        const channel: NewChannel = {
          id: draft.id.trim(),
          entity: draft.entity,
          platform: draft.platform,
          account,
          credentials,
          pollIntervalSeconds,
          enabled: draft.enabled,
          ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
          ...(draft.baseUrl.trim() ? { baseUrl: draft.baseUrl.trim() } : {}),
        };
        await api.createChannel(channel);
      } else {
        const patch: ChannelPatch = {
          name: draft.name.trim() || null,
          account,
          baseUrl: draft.baseUrl.trim() || null,
          pollIntervalSeconds,
          enabled: draft.enabled,
          ...(Object.keys(credentials).length ? { credentials } : {}),
        };
        await api.updateChannel(channelId, patch);
      }
    }, t.admin.channelSaved);
    if (done) onSaved(editing ? channelId : draft.id.trim());
  };

  return (
    <section className="card channel-form" aria-labelledby="channel-form-title" data-testid="channel-form">
      <h2 id="channel-form-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      {fromFile && <p className="notice-inline">{t.admin.channelFromConfig}</p>}
      {draft && (
        <form onSubmit={(event) => void save(event)} className="stack">
          <div className="grid-fields">
            <label>
              <span>{t.admin.platformField}</span>
              <select value={draft.platform} disabled={editing} onChange={(event) => update({ platform: event.target.value, account: {}, credentials: {} })}>
                {platforms.map(({ id: platform }) => (
                  <option key={platform} value={platform}>
                    {platformName(platform)}
                  </option>
                ))}
              </select>
            </label>
            <div className="field">
            <label>
              <span>{t.admin.channelId}</span>
              <input
                type="text"
                value={draft.id}
                readOnly={editing}
                required
                pattern="[a-z0-9][a-z0-9-]*"
                aria-describedby="channel-id-hint"
                onChange={(event) => update({ id: event.target.value })}
              />
            </label>
              <small id="channel-id-hint" className="hint">
                {t.admin.channelIdHint}
              </small>
            </div>
            <label>
              <span>{t.admin.channelName}</span>
              <input type="text" value={draft.name} onChange={(event) => update({ name: event.target.value })} />
            </label>
            <label>
              <span>{t.admin.entity}</span>
              <select value={draft.entity} required disabled={editing} onChange={(event) => update({ entity: event.target.value })}>
                {entities.map((entity) => (
                  <option key={entity.id} value={entity.id}>
                    {entity.name}
                  </option>
                ))}
              </select>
            </label>
          </div>

          {/* "Connect with …" where the platform has an OAuth flow; pasting below stays possible. */}
          {(mode.kind === 'add' || (config && (config.source === 'app' || config.credentialsManagedInApp))) && (
            <ConnectButton platform={draft.platform} entity={draft.entity} {...(editing ? { channelId } : {})} />
          )}

          <fieldset>
            <legend>{t.admin.account}</legend>
            {accountKeys.map((key) => (
              <label key={key}>
                <span>{fieldLabel(draft.platform, key) ?? t.admin.fieldNames[key] ?? key}</span>
                <input type="text" value={draft.account[key] ?? ''} onChange={(event) => update({ account: { ...draft.account, [key]: event.target.value } })} />
              </label>
            ))}
          </fieldset>

          <fieldset className={mode.kind === 'reconnect' ? 'highlight' : undefined} aria-describedby="credentials-hint">
            <legend>{t.admin.credentials}</legend>
            <p id="credentials-hint" className="hint full">
              {t.admin.credentialsHint} {editing && storedKeys.length > 0 && t.admin.credentialsReplaceHint}
            </p>
            {credentialKeys.map((key, index) => {
              const stored = storedKeys.includes(key);
              const hintId = `credential-${key}-state`;
              return (
                <div key={key} className="field">
                <label>
                  <span>{fieldLabel(draft.platform, key) ?? t.admin.fieldNames[key] ?? connectWords(t.admin.lang).fieldNames[key] ?? key}</span>
                  <input
                    ref={index === 0 ? firstCredential : undefined}
                    type="password"
                    autoComplete="new-password"
                    spellCheck={false}
                    value={draft.credentials[key] ?? ''}
                    aria-describedby={hintId}
                    onChange={(event) => update({ credentials: { ...draft.credentials, [key]: event.target.value } })}
                  />
                </label>
                  <small id={hintId} className={stored ? 'credential-set' : 'credential-unset'} data-testid={`credential-${key}`}>
                    {stored ? `✓ ${t.admin.credentialSet}` : t.admin.credentialNotSet}
                  </small>
                </div>
              );
            })}
          </fieldset>

          {webhookUrl && (
            <div className="field">
              <label>
                <span>{t.admin.webhookUrl}</span>
                <input type="text" readOnly value={webhookUrl} aria-describedby="webhook-url-hint" data-testid="webhook-url" onFocus={(event) => event.target.select()} />
              </label>
              <small id="webhook-url-hint" className="hint">
                {t.admin.webhookUrlHint}
              </small>
            </div>
          )}

          <details open={Boolean(draft.baseUrl)}>
            <summary>{t.admin.advanced}</summary>
            <div className="grid-fields">
              <div className="field">
                <label>
                  <span>{t.admin.baseUrl}</span>
                  <input type="url" value={draft.baseUrl} aria-describedby="base-url-hint" onChange={(event) => update({ baseUrl: event.target.value })} />
                </label>
                <small id="base-url-hint" className="hint">
                  {t.admin.baseUrlHint}
                </small>
              </div>
              <label>
                <span>{t.admin.pollInterval}</span>
                <input type="number" min={1} step={1} required value={draft.pollIntervalSeconds} onChange={(event) => update({ pollIntervalSeconds: event.target.value })} />
              </label>
            </div>
          </details>
          <label className="inline">
            <input type="checkbox" checked={draft.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
            <span>{t.admin.enabled}</span>
          </label>
          <div className="button-row">
            <button type="submit" disabled={submit.busy}>
              {mode.kind === 'reconnect' ? t.admin.reconnect : t.admin.save}
            </button>
            <button type="button" className="secondary" onClick={onCancel}>
              {t.admin.cancel}
            </button>
          </div>
          <Outcome ok={submit.ok} error={submit.error} testId="channel-form" />
        </form>
      )}
    </section>
  );
}
