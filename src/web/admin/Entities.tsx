import { useState, type FormEvent } from 'react';
import '../admin.css';
import { useApi, type Entity, type EntityPatch, type TemplateLang } from '../api/index.js';
import { Outcome, useSubmit } from './common.js';
import { useT } from '../dictionary.js';
import { SlaSettings } from './SlaSettings.js';
import { RetentionSettings } from './RetentionSettings.js';
import { ModerationPolicySettings } from './ModerationPolicy.js';
import { useResource } from '../useResource.js';

const TEMPLATE_LANGS: readonly TemplateLang[] = ['nl', 'fr', 'en'];

/** Admins' entities: coordinator, complaint threshold, time zone, round robin and intake texts. */
export function Entities() {
  const t = useT();
  const api = useApi();
  const entities = useResource(() => api.entities(), []);
  return (
    <section aria-labelledby="entities-title" className="admin-page">
      <h1 id="entities-title">{t.admin.entitiesTitle}</h1>
      {entities.error && (
        <p role="alert" className="error">
          {entities.error}
        </p>
      )}
      {!entities.data && !entities.error && <p className="loading">{t.loading}</p>}
      <div className="entity-list">
        {entities.data?.items.map((entity) => (
          <div key={entity.id} className="entity-block">
            <EntityForm entity={entity} onSaved={entities.reload} />
            <SlaSettings entityId={entity.id} entityName={entity.name} />
            <RetentionSettings entityId={entity.id} />
            <ModerationPolicySettings entityId={entity.id} />
          </div>
        ))}
      </div>
    </section>
  );
}

function EntityForm({ entity, onSaved }: { entity: Entity; onSaved: () => void }) {
  const t = useT();
  const api = useApi();
  const [draft, setDraft] = useState<Draft>(() => ({
    name: entity.name,
    coordinatorName: entity.coordinatorName ?? '',
    coordinatorEmail: entity.coordinatorEmail ?? '',
    complaintThreshold: String(entity.complaintThreshold),
    checkBelow: String(entity.checkBelow),
    timeZone: entity.timeZone,
    autoAssign: entity.autoAssign,
    autoSend: entity.autoSend.enabled,
    minConfidence: String(Math.round(entity.autoSend.minConfidence * 100)),
    templates: structuredClone(entity.templates ?? {}),
  }));
  const submit = useSubmit();
  const prefix = `entity-${entity.id}`;
  const zones = timeZones(entity.timeZone);

  const fromFile = entity.source === 'config';

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (await submit.run(() => api.updateEntity(entity.id, changedFields(entity, draft)), t.admin.saved)) onSaved();
  };

  const setTemplate = (lang: TemplateLang, key: 'intakePrivate' | 'intakePublic', value: string) =>
    setDraft((current) => ({ ...current, templates: { ...current.templates, [lang]: { ...current.templates[lang], [key]: value } } }));

  return (
    <form className="card stack" aria-labelledby={`${prefix}-title`} onSubmit={(event) => void save(event)} data-testid={prefix}>
      <h2 id={`${prefix}-title`}>
        {entity.name} <span className="sub">{entity.id}</span>
        {entity.source === 'config' && <span className="sub"> · {t.admin.fromConfig}</span>}
        <span className="sub">
          {' '}
          · {t.admin.channelCount}: {entity.channelCount}
        </span>
      </h2>
      {fromFile && <p className="hint">{t.admin.configOwnedHint}</p>}
      <div className="grid-fields">
        <label>
          <span>{t.admin.entityName}</span>
          <input type="text" required value={draft.name} readOnly={fromFile} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
        </label>
        <label>
          <span>{t.admin.coordinatorName}</span>
          <input type="text" value={draft.coordinatorName} readOnly={fromFile} onChange={(event) => setDraft({ ...draft, coordinatorName: event.target.value })} />
        </label>
        <label>
          <span>{t.admin.coordinatorEmail}</span>
          <input type="email" value={draft.coordinatorEmail} readOnly={fromFile} onChange={(event) => setDraft({ ...draft, coordinatorEmail: event.target.value })} />
        </label>
        <ShareField
          label={t.admin.complaintThreshold}
          hint={t.admin.complaintThresholdHint}
          id={`${prefix}-threshold`}
          value={draft.complaintThreshold}
          readOnly={fromFile}
          onChange={(complaintThreshold) => setDraft({ ...draft, complaintThreshold })}
        />
        <ShareField
          label={t.admin.checkBelow}
          hint={t.admin.checkBelowHint}
          id={`${prefix}-check-below`}
          value={draft.checkBelow}
          readOnly={fromFile}
          onChange={(checkBelow) => setDraft({ ...draft, checkBelow })}
          testId="check-below"
        />
        <label>
          <span>{t.admin.timeZone}</span>
          <select value={draft.timeZone} disabled={fromFile} onChange={(event) => setDraft({ ...draft, timeZone: event.target.value })}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.admin.autoAssign}</span>
          <select value={draft.autoAssign} onChange={(event) => setDraft({ ...draft, autoAssign: event.target.value as Entity['autoAssign'] })}>
            {(['off', 'round_robin'] as const).map((option) => (
              <option key={option} value={option}>
                {t.admin.autoAssignOptions[option]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="auto-send" aria-describedby={`${prefix}-auto-send-hint`}>
        <legend>{t.admin.autoSend}</legend>
        <p id={`${prefix}-auto-send-hint`} className="hint">
          {t.admin.autoSendHint}
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={draft.autoSend} onChange={(event) => setDraft({ ...draft, autoSend: event.target.checked })} />
          <span>{t.admin.autoSendEnabled}</span>
        </label>
        <label>
          <span>{t.admin.autoSendMinConfidence}</span>
          <input
            type="number"
            min={50}
            max={100}
            step={1}
            disabled={!draft.autoSend}
            value={draft.minConfidence}
            onChange={(event) => setDraft({ ...draft, minConfidence: event.target.value })}
          />
        </label>
      </fieldset>
      <details>
        <summary>{t.admin.templates}</summary>
        <p className="hint">{t.admin.templatesHint}</p>
        {TEMPLATE_LANGS.map((lang) => (
          <fieldset key={lang} className="templates">
            <legend>{t.admin.templateLangs[lang]}</legend>
            <label>
              <span>{t.admin.intakePrivate}</span>
              <textarea rows={3} value={draft.templates[lang]?.intakePrivate ?? ''} onChange={(event) => setTemplate(lang, 'intakePrivate', event.target.value)} />
            </label>
            <label>
              <span>{t.admin.intakePublic}</span>
              <textarea rows={2} value={draft.templates[lang]?.intakePublic ?? ''} onChange={(event) => setTemplate(lang, 'intakePublic', event.target.value)} />
            </label>
          </fieldset>
        ))}
      </details>
      <div className="button-row">
        <button type="submit" disabled={submit.busy}>
          {t.admin.save}
        </button>
      </div>
      <Outcome ok={submit.ok} error={submit.error} />
    </form>
  );
}

type Draft = {
  name: string;
  coordinatorName: string;
  coordinatorEmail: string;
  complaintThreshold: string;
  checkBelow: string;
  timeZone: string;
  autoAssign: Entity['autoAssign'];
  autoSend: boolean;
  /** Percent, as typed. */
  minConfidence: string;
  templates: Entity['templates'];
};

/** Only what changed: fields that come from the configuration file are refused when sent. */
/** A share between 0 and 1 (a threshold) with its hint. */
function ShareField(props: { label: string; hint: string; id: string; value: string; readOnly: boolean; onChange: (value: string) => void; testId?: string }) {
  return (
    <div className="field">
      <label>
        <span>{props.label}</span>
        <input
          type="number"
          min={0}
          max={1}
          step={0.01}
          required
          readOnly={props.readOnly}
          value={props.value}
          aria-describedby={`${props.id}-hint`}
          onChange={(event) => props.onChange(event.target.value)}
          data-testid={props.testId}
        />
      </label>
      <small id={`${props.id}-hint`} className="hint">
        {props.hint}
      </small>
    </div>
  );
}

function changedFields(entity: Entity, draft: Draft): EntityPatch {
  const patch: EntityPatch = {};
  if (draft.name.trim() !== entity.name) patch.name = draft.name.trim();
  if (draft.coordinatorName.trim() !== (entity.coordinatorName ?? '')) patch.coordinatorName = draft.coordinatorName.trim() || null;
  if (draft.coordinatorEmail.trim() !== (entity.coordinatorEmail ?? '')) patch.coordinatorEmail = draft.coordinatorEmail.trim() || null;
  if (Number(draft.complaintThreshold) !== Number(entity.complaintThreshold)) patch.complaintThreshold = Number(draft.complaintThreshold);
  if (Number(draft.checkBelow) !== Number(entity.checkBelow)) patch.checkBelow = Number(draft.checkBelow);
  if (draft.timeZone !== entity.timeZone) patch.timeZone = draft.timeZone;
  if (draft.autoAssign !== entity.autoAssign) patch.autoAssign = draft.autoAssign;
  const autoSend = { enabled: draft.autoSend, minConfidence: Math.min(1, Math.max(0.5, Number(draft.minConfidence) / 100)) };
  if (autoSend.enabled !== entity.autoSend.enabled || autoSend.minConfidence !== entity.autoSend.minConfidence) patch.autoSend = autoSend;
  const templates = cleanTemplates(draft.templates);
  if (JSON.stringify(templates) !== JSON.stringify(cleanTemplates(entity.templates ?? {}))) patch.templates = templates;
  return patch;
}

/** Empty texts are left out, so the standard intake text applies. */
function cleanTemplates(templates: Entity['templates']): Entity['templates'] {
  const clean: Entity['templates'] = {};
  for (const lang of TEMPLATE_LANGS) {
    const entry = templates[lang];
    const kept = Object.fromEntries(Object.entries(entry ?? {}).filter(([, value]) => typeof value === 'string' && value.trim() !== ''));
    if (Object.keys(kept).length) clean[lang] = kept;
  }
  return clean;
}

/** The browser's IANA zones (the current one kept even if the browser does not list it). */
function timeZones(current: string): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set([current, 'Europe/Brussels', ...supported])].sort();
}
