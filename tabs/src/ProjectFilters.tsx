// The projects' filters: ambition, direction (« Sans direction » included), status, text.
import { Button, Field, SearchBox, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { PROJECT_STATUSES, type ProjectFilters as Filters } from './api.ts';
import { useT } from './i18n.tsx';
import { NONE, noAmbitionLabel, noDirectionLabel, statusLabel, type Labels } from './labels.ts';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 12rem), 1fr))',
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
  const t = useT();
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
    <form className={styles.root} role="search" aria-label={t('Filtrer les projets', 'Filter the projects')} onSubmit={(e) => e.preventDefault()}>
      <Field label={t('Ambition', 'Ambition')} className={styles.field}>
        <Select value={filters.ambition ?? ''} onChange={set('ambition')}>
          <option value="">{t('Toutes les ambitions', 'All ambitions')}</option>
          {labels.ambitions.map((a) => (
            <option key={a.id} value={a.id}>
              {a.title}
            </option>
          ))}
          {labels.hasNoAmbition && <option value={NONE}>{noAmbitionLabel(t)}</option>}
        </Select>
      </Field>
      <Field label={t('Direction (pilote ou co-pilote)', 'Direction (lead or co-lead)')} className={styles.field}>
        <Select value={filters.direction ?? ''} onChange={set('direction')}>
          <option value="">{t('Toutes les directions', 'All directions')}</option>
          {labels.directions.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
          <option value={NONE}>{noDirectionLabel(t)}</option>
        </Select>
      </Field>
      <Field label={t('Statut', 'Status')} className={styles.field}>
        <Select value={filters.status ?? ''} onChange={set('status')}>
          <option value="">{t('Tous les statuts', 'All statuses')}</option>
          {PROJECT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s, t)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('Rechercher', 'Search')} className={styles.field}>
        <SearchBox value={text} onChange={(_, data) => setText(data.value)} placeholder={t('Titre, description…', 'Title, description…')} />
      </Field>
      <div>
        <Button appearance="subtle" disabled={!any} onClick={() => onChange({})}>
          {t('Effacer les filtres', 'Clear the filters')}
        </Button>
      </div>
    </form>
  );
}
