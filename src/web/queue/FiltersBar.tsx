import type { RefObject } from 'react';
import { usePlatforms } from '../platforms.js';
import { CATEGORIES, SORTS, STATUSES, type Person, type Sort, type TicketFilter } from '../api/index.js';
import { useT } from '../dictionary.js';

/** The assignee select's value: '' anyone, 'mine', 'unassigned' or a user id. */
export function assigneeChoice(filter: TicketFilter): string {
  if (filter.mine) return 'mine';
  if (filter.unassigned) return 'unassigned';
  return filter.assignee ?? '';
}

function withAssignee(filter: TicketFilter, choice: string): TicketFilter {
  const rest = { ...filter };
  delete rest.mine;
  delete rest.unassigned;
  delete rest.assignee;
  if (choice === 'mine') return { ...rest, mine: true };
  if (choice === 'unassigned') return { ...rest, unassigned: true };
  return choice ? { ...rest, assignee: choice } : rest;
}

export function FiltersBar({
  filter,
  onChange,
  entities,
  tags,
  assignees,
}: {
  filter: TicketFilter;
  onChange: (filter: TicketFilter) => void;
  entities: Array<{ id: string; name: string }>;
  tags: string[];
  assignees: Person[];
}) {
  const { platformName, list: platforms } = usePlatforms();
  const t = useT();
  const set = (key: keyof TicketFilter, value: string | boolean) => onChange({ ...filter, [key]: value || undefined });
  return (
    <form className="filters" aria-label={t.work.filters} onSubmit={(event) => event.preventDefault()}>
      {entities.length > 1 && (
        <label>
          <span>{t.work.entity}</span>
          <select name="entity" value={filter.entity ?? ''} onChange={(event) => set('entity', event.target.value)}>
            <option value="">{t.all}</option>
            {entities.map((entity) => (
              <option key={entity.id} value={entity.id}>
                {entity.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <span>{t.platform}</span>
        <select name="platform" value={filter.platform ?? ''} onChange={(event) => set('platform', event.target.value)}>
          <option value="">{t.all}</option>
          {platforms.map(({ id: platform }) => (
            <option key={platform} value={platform}>
              {platformName(platform)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.category}</span>
        <select name="category" value={filter.category ?? ''} onChange={(event) => set('category', event.target.value)}>
          <option value="">{t.all}</option>
          {CATEGORIES.map((code) => (
            <option key={code} value={code}>
              {t.categories[code]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.status}</span>
        <select name="status" value={filter.status ?? ''} onChange={(event) => set('status', event.target.value)}>
          <option value="">{t.all}</option>
          {STATUSES.map((code) => (
            <option key={code} value={code}>
              {t.statuses[code]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.work.assignee}</span>
        <select name="assignee" value={assigneeChoice(filter)} onChange={(event) => onChange(withAssignee(filter, event.target.value))}>
          <option value="">{t.work.assigneeAny}</option>
          <option value="mine">{t.work.mine}</option>
          <option value="unassigned">{t.work.unassigned}</option>
          {assignees.map((person) => (
            <option key={person.id} value={String(person.id)}>
              {person.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.work.tag}</span>
        <select name="tag" value={filter.tag ?? ''} onChange={(event) => set('tag', event.target.value)}>
          <option value="">{t.all}</option>
          {[...new Set([...(filter.tag ? [filter.tag] : []), ...tags])].map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.work.sort}</span>
        <select name="sort" value={filter.sort ?? 'updated'} onChange={(event) => set('sort', event.target.value === 'updated' ? '' : (event.target.value as Sort))}>
          {SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t.work.sorts[sort]}
            </option>
          ))}
        </select>
      </label>
      <label className="inline check">
        <input type="checkbox" name="overdue" checked={filter.overdue ?? false} onChange={(event) => set('overdue', event.target.checked)} />
        <span>{t.work.overdue}</span>
      </label>
    </form>
  );
}

/** Full-text search over messages, handles, names and ticket numbers; `/` focuses it. */
export function SearchBox({
  search,
  onSearch,
  searchBox,
}: {
  search: string;
  onSearch: (text: string) => void;
  searchBox: RefObject<HTMLInputElement | null>;
}) {
  const t = useT();
  return (
    <form className="searchbox" role="search" onSubmit={(event) => event.preventDefault()}>
      <label>
        <span className="visually-hidden">{t.search}</span>
        <input ref={searchBox} type="search" name="q" placeholder={t.searchPlaceholder} value={search} onChange={(event) => onSearch(event.target.value)} />
      </label>
    </form>
  );
}
