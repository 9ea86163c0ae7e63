import { useState, type FormEvent } from 'react';
import '../admin.css';
import { useApi, ROLES, type Entity, type ManagedUser, type Role } from '../api/index.js';
import { formatDateTime, Outcome, useSubmit } from './common.js';
import { useT } from '../dictionary.js';
import { useResource } from '../useResource.js';

/** Admins' users: list, add with role and entities, change role/entities, disable, set a password. */
export function Users() {
  const t = useT();
  const api = useApi();
  const users = useResource(() => api.users(), []);
  const entities = useResource(() => api.entities(), []);
  const [editing, setEditing] = useState<number | null>(null);
  const entityList = entities.data?.items ?? [];
  const lang = t.admin.lang;

  return (
    <section aria-labelledby="users-title" className="admin-page">
      <h1 id="users-title">{t.admin.usersTitle}</h1>
      {(users.error || entities.error) && (
        <p role="alert" className="error">
          {users.error ?? entities.error}
        </p>
      )}
      <NewUserForm entities={entityList} onSaved={users.reload} />
      {users.data && (
        <div className="table-scroll">
          <table className="queue stack-on-phone" data-testid="users">
            <thead>
              <tr>
                <th scope="col">{t.admin.userName}</th>
                <th scope="col">{t.admin.userEmail}</th>
                <th scope="col">{t.admin.role}</th>
                <th scope="col">{t.admin.userEntities}</th>
                <th scope="col">{t.admin.status}</th>
                <th scope="col">{t.admin.lastLogin}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.admin.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  entities={entityList}
                  editing={editing === user.id}
                  onEdit={() => setEditing(editing === user.id ? null : user.id)}
                  onSaved={users.reload}
                  lastLogin={user.lastLoginAt ? formatDateTime(user.lastLoginAt, lang) : t.admin.never}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function EntityChecks({ entities, chosen, onChange, idPrefix }: { entities: Entity[]; chosen: string[]; onChange: (ids: string[]) => void; idPrefix: string }) {
  const t = useT();
  return (
    <fieldset className="checks">
      <legend>{t.admin.userEntities}</legend>
      {entities.map((entity) => (
        <label key={entity.id} className="inline" htmlFor={`${idPrefix}-${entity.id}`}>
          <input
            id={`${idPrefix}-${entity.id}`}
            type="checkbox"
            checked={chosen.includes(entity.id)}
            onChange={(event) => onChange(event.target.checked ? [...chosen, entity.id] : chosen.filter((id) => id !== entity.id))}
          />
          <span>{entity.name}</span>
        </label>
      ))}
    </fieldset>
  );
}

function RoleSelect({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  const t = useT();
  return (
    <label>
      <span>{t.admin.role}</span>
      <select value={value} onChange={(event) => onChange(event.target.value as Role)}>
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {t.admin.roles[role]}
          </option>
        ))}
      </select>
    </label>
  );
}

function NewUserForm({ entities, onSaved }: { entities: Entity[]; onSaved: () => void }) {
  const t = useT();
  const api = useApi();
  const blank = { email: '', name: '', role: 'agent' as Role, entities: [] as string[], password: '' };
  const [draft, setDraft] = useState(blank);
  const submit = useSubmit();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const done = await submit.run(
      () =>
        api.createUser({
          email: draft.email.trim(),
          name: draft.name.trim(),
          role: draft.role,
          entities: draft.entities,
          ...(draft.password ? { password: draft.password } : {}),
        }),
      t.admin.userSaved,
    );
    if (done) {
      setDraft(blank);
      onSaved();
    }
  };
  return (
    <details className="card">
      <summary>{t.admin.addUser}</summary>
      <form className="stack" aria-label={t.admin.addUser} onSubmit={(event) => void save(event)}>
        <div className="grid-fields">
          <label>
            <span>{t.admin.userName}</span>
            <input type="text" required value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
          </label>
          <label>
            <span>{t.admin.userEmail}</span>
            <input type="email" required value={draft.email} onChange={(event) => setDraft({ ...draft, email: event.target.value })} />
          </label>
          <RoleSelect value={draft.role} onChange={(role) => setDraft({ ...draft, role })} />
          <div className="field">
            <label>
              <span>{t.admin.initialPassword}</span>
              <input
                type="password"
                autoComplete="new-password"
                minLength={12}
                aria-describedby="new-user-password-hint"
                value={draft.password}
                onChange={(event) => setDraft({ ...draft, password: event.target.value })}
              />
            </label>
            <small id="new-user-password-hint" className="hint">
              {t.admin.initialPasswordHint}
            </small>
          </div>
        </div>
        <EntityChecks entities={entities} chosen={draft.entities} onChange={(ids) => setDraft({ ...draft, entities: ids })} idPrefix="new-user" />
        <div className="button-row">
          <button type="submit" disabled={submit.busy}>
            {t.admin.addUser}
          </button>
        </div>
        <Outcome ok={submit.ok} error={submit.error} />
      </form>
    </details>
  );
}

function UserRow({
  user,
  entities,
  editing,
  onEdit,
  onSaved,
  lastLogin,
}: {
  user: ManagedUser;
  entities: Entity[];
  editing: boolean;
  onEdit: () => void;
  onSaved: () => void;
  lastLogin: string;
}) {
  const t = useT();
  const api = useApi();
  const [role, setRole] = useState<Role>(user.role);
  const [chosen, setChosen] = useState<string[]>(user.entities);
  const [password, setPassword] = useState('');
  const submit = useSubmit();
  const entityName = (id: string) => entities.find((e) => e.id === id)?.name ?? id;
  const run = async (action: () => Promise<unknown>, success: string) => {
    if (await submit.run(action, success)) onSaved();
  };

  return (
    <>
      <tr className={user.disabled ? 'row-disabled' : undefined}>
        <td data-label={t.admin.userName}>{user.name}</td>
        <td data-label={t.admin.userEmail}>{user.email}</td>
        <td data-label={t.admin.role}>{t.admin.roles[user.role] ?? user.role}</td>
        <td data-label={t.admin.userEntities}>{user.entities.map(entityName).join(', ')}</td>
        <td data-label={t.admin.status}>{user.disabled ? t.admin.disabledUser : t.admin.activeUser}</td>
        <td data-label={t.admin.lastLogin}>{lastLogin}</td>
        <td>
          <button type="button" className="secondary" aria-expanded={editing} onClick={onEdit}>
            {t.admin.changeUser(user.name)}
          </button>
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={7}>
            <div className="stack user-edit">
              <form
                className="stack"
                aria-label={t.admin.changeUser(user.name)}
                onSubmit={(event) => {
                  event.preventDefault();
                  void run(() => api.updateUser(user.id, { role, entities: chosen }), t.admin.userSaved);
                }}
              >
                <RoleSelect value={role} onChange={setRole} />
                <EntityChecks entities={entities} chosen={chosen} onChange={setChosen} idPrefix={`user-${user.id}`} />
                <div className="button-row">
                  <button type="submit" disabled={submit.busy}>
                    {t.admin.save}
                  </button>
                  <button type="button" className="secondary" disabled={submit.busy} onClick={() => void run(() => api.updateUser(user.id, { disabled: !user.disabled }), t.admin.userSaved)}>
                    {user.disabled ? t.admin.enable : t.admin.disable}
                  </button>
                </div>
              </form>
              <form
                className="inline-form"
                aria-label={t.admin.resetPassword}
                onSubmit={(event) => {
                  event.preventDefault();
                  void run(() => api.updateUser(user.id, { password }), t.admin.passwordSet).then(() => setPassword(''));
                }}
              >
                <label>
                  <span>{t.admin.newPassword}</span>
                  <input type="password" autoComplete="new-password" minLength={12} required value={password} onChange={(event) => setPassword(event.target.value)} />
                </label>
                <button type="submit" disabled={submit.busy}>
                  {t.admin.resetPassword}
                </button>
              </form>
              <Outcome ok={submit.ok} error={submit.error} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
