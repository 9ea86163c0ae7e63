import { useEffect, useState } from 'react';
import { MODERATION_FLAGS, useApi, type ModerationFlag } from '../api/index.js';
import { useT } from '../dictionary.js';
import { moderationWords } from '../ticket/moderation-words.js';
import { useResource } from '../useResource.js';
import { Outcome, useSubmit } from './common.js';

/** An entity's automatic moderation (issue 17): which classifier flags are hidden on the platform without an agent; all off by default. */
export function ModerationPolicySettings({ entityId }: { entityId: string }) {
  const api = useApi();
  const t = useT();
  const w = moderationWords(t.admin.lang);
  const policy = useResource(() => api.moderationPolicy(entityId), [entityId]);
  const submit = useSubmit();
  const [autoHide, setAutoHide] = useState<ReadonlySet<ModerationFlag>>(new Set());
  useEffect(() => {
    if (policy.data) setAutoHide(new Set(policy.data.autoHide));
  }, [policy.data]);
  const prefix = `moderation-policy-${entityId}`;
  const toggle = (flag: ModerationFlag, on: boolean) =>
    setAutoHide((current) => {
      const next = new Set(current);
      if (on) next.add(flag);
      else next.delete(flag);
      return next;
    });
  return (
    <form
      className="card"
      data-testid={prefix}
      aria-labelledby={`${prefix}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        // in the fixed order of the flags, so the stored policy does not depend on the order of clicks
        void submit.run(() => api.saveModerationPolicy(entityId, { autoHide: MODERATION_FLAGS.filter((flag) => autoHide.has(flag)) }), w.policySaved);
      }}
    >
      <h3 id={`${prefix}-title`}>{w.policyTitle}</h3>
      {policy.error && (
        <p role="alert" className="error">
          {policy.error}
        </p>
      )}
      <fieldset aria-describedby={`${prefix}-intro`}>
        <legend className="visually-hidden">{w.policyTitle}</legend>
        <p id={`${prefix}-intro`} className="hint">
          {w.policyIntro}
        </p>
        {MODERATION_FLAGS.map((flag) => (
          <label key={flag} className="checkbox">
            <input type="checkbox" checked={autoHide.has(flag)} disabled={!policy.data} onChange={(event) => toggle(flag, event.target.checked)} />
            <span>{w.policyFlags[flag]}</span>
          </label>
        ))}
      </fieldset>
      <div className="button-row">
        <button type="submit" disabled={submit.busy || !policy.data}>
          {w.policySave}
        </button>
      </div>
      <Outcome ok={submit.ok} error={submit.error} />
    </form>
  );
}
