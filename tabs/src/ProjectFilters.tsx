// The projects' filters: ambition, direction (« Sans direction » included), status, text.
import { Button, Field, SearchBox, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { PROJECT_STATUSES, type ProjectFilters as Filters } from './api.ts';
import { NONE, NO_AMBITION_LABEL, NO_DIRECTION_LABEL, type Labels } from './labels.ts';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
  },
  // Long direction names must not push a select over its neighbour.
  field: { minWidth: 0, '& select': { width: '100%', textOverflow: 'ellipsis' } },
});

const SEARCH_DELAY_MS = 350;

export function ProjectFilters({
  filters,
  labels,
  onChange,
}: {
  filters: Filters;
  labels: Labels;
  onChange(next: Filters): void;
}) {
  const styles = useStyles();
  // The text is sent once typing pauses, not at every key.
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  useEffect(() => {
    if (text === (filters.q ?? '')) return;
    const timer = setTimeout(() => onChange({ ...filters, q: text }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, JSON.stringify(filters)]);

  const set = (key: keyof Filters) => (_: unknown, data: { value: string }) => onChange({ ...filters, [key]: data.value });
  const any = Boolean(filters.ambition || filters.direction || filters.status || filters.q);

  return (
    <form className={styles.root} role="search" aria-label="Filtrer les projets" onSubmit={(e) => e.preventDefault()}>
      <Field label="Ambition" className={styles.field}>
        <Select value={filters.ambition ?? ''} onChange={set('ambition')}>
          <option value="">Toutes les ambitions</option>
          {labels.ambitions.map((a) => (
            <option key={a.id} value={a.id}>
              {a.title}
            </option>
          ))}
          {labels.hasNoAmbition && <option value={NONE}>{NO_AMBITION_LABEL}</option>}
        </Select>
      </Field>
      <Field label="Direction (pilote ou co-pilote)" className={styles.field}>
        <Select value={filters.direction ?? ''} onChange={set('direction')}>
          <option value="">Toutes les directions</option>
          {labels.directions.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
          <option value={NONE}>{NO_DIRECTION_LABEL}</option>
        </Select>
      </Field>
      <Field label="Statut" className={styles.field}>
        <Select value={filters.status ?? ''} onChange={set('status')}>
          <option value="">Tous les statuts</option>
          {PROJECT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Rechercher" className={styles.field}>
        <SearchBox value={text} onChange={(_, data) => setText(data.value)} placeholder="Titre, description…" />
      </Field>
      <div>
        <Button appearance="subtle" disabled={!any} onClick={() => onChange({})}>
          Effacer les filtres
        </Button>
      </div>
    </form>
  );
}
