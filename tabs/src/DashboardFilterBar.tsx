// The dashboard's filters: direction (pilot or co-pilot, « Sans direction » included),
// status, élu and tag, kept in the address so that a filtered view can be shared. The
// values élus and tags take come from the plan itself (GET …/dashboard/filters), which
// reads the whole plan: they are asked for only once the filters are open.
import { Button, Field, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useId, useState, type ReactNode } from 'react';
import { PROJECT_STATUSES } from './api.ts';
import { DASHBOARD_FILTER_KEYS, getDashboardFilterValues, hasFilters, type DashboardFilters } from './dashboardApi.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { formatNumber } from './format.ts';
import { useT } from './i18n.tsx';
import { NONE, noDirectionLabel, statusLabel, type Labels } from './labels.ts';
import { useAsync } from './useAsync.ts';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalS, minWidth: 0 },
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  form: {
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

/** A value to choose; its number of projects once the plan's values have come. */
interface Option {
  value: string;
  label: string;
  projects?: number | undefined;
}

const withCount = (label: string, n: number | undefined) => (n === undefined ? label : `${label} (${formatNumber(n)})`);

export function DashboardFilterBar({
  planId,
  filters,
  labels,
  open,
  onOpen,
  onChange,
  status,
}: {
  planId: string;
  filters: DashboardFilters;
  labels: Labels;
  open: boolean;
  onOpen(open: boolean): void;
  onChange(next: DashboardFilters): void;
  /** What the filters give (a live region), beside the buttons. */
  status?: ReactNode;
}) {
  const styles = useStyles();
  const t = useT();
  const formId = useId();
  // Asked for once the filters are first opened, then kept while the plan stays the same.
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  const values = useAsync((signal) => (opened ? getDashboardFilterValues(planId, signal) : Promise.resolve(null)), [planId, opened]);
  const v = values.data ?? null;
  const active = DASHBOARD_FILTER_KEYS.filter((k) => filters[k]).length;

  const set = (key: keyof DashboardFilters) => (_: unknown, data: { value: string }) => onChange({ ...filters, [key]: data.value || undefined });

  /** The options of a filter; the address's own value stays selectable even when the plan does not know it. */
  const options = (key: keyof DashboardFilters, list: Option[]) => {
    const current = filters[key];
    const known = list.some((o) => o.value === current);
    return [
      ...list.map((o) => (
        <option key={o.value} value={o.value}>
          {withCount(o.label, o.projects)}
        </option>
      )),
      ...(current && !known ? [<option key={`current-${current}`} value={current}>{current}</option>] : []),
    ];
  };

  // Directions from the settings until the plan's own list (with counts) has come.
  const directions: Option[] = v?.directions ?? [
    ...labels.directions.map((d) => ({ value: d.id, label: d.name })),
    { value: NONE, label: noDirectionLabel(t) },
  ];
  const statusCounts = new Map(v?.statuses.map((s) => [s.value, s.projects]) ?? []);
  const loadingText = t('Chargement…', 'Loading…');

  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Button appearance={active > 0 ? 'primary' : 'secondary'} aria-expanded={open} aria-controls={open ? formId : undefined} onClick={() => onOpen(!open)}>
          {active > 0 ? t(`Filtres (${active})`, `Filters (${active})`) : t('Filtres', 'Filters')}
        </Button>
        {hasFilters(filters) && (
          <Button appearance="subtle" onClick={() => onChange({})}>
            {t('Effacer les filtres', 'Clear the filters')}
          </Button>
        )}
        {status}
      </div>
      {open && (
        <form id={formId} className={styles.form} role="search" aria-label={t('Filtrer le tableau de bord', 'Filter the dashboard')} onSubmit={(e) => e.preventDefault()}>
          <Field label={t('Direction (pilote ou co-pilote)', 'Direction (lead or co-lead)')} className={styles.field}>
            <Select value={filters.direction ?? ''} onChange={set('direction')}>
              <option value="">{t('Toutes les directions', 'All directions')}</option>
              {options('direction', directions)}
            </Select>
          </Field>
          <Field label={t('Statut', 'Status')} className={styles.field}>
            <Select value={filters.status ?? ''} onChange={set('status')}>
              <option value="">{t('Tous les statuts', 'All statuses')}</option>
              {options(
                'status',
                PROJECT_STATUSES.map((s) => ({ value: s, label: statusLabel(s, t), projects: statusCounts.get(s) })),
              )}
            </Select>
          </Field>
          <Field label={t('Élu référent', 'Elected official')} className={styles.field}>
            <Select value={filters.elu ?? ''} onChange={set('elu')} disabled={!v && !filters.elu}>
              <option value="">{v ? t('Tous les élus', 'All elected officials') : loadingText}</option>
              {options('elu', v?.elus ?? [])}
            </Select>
          </Field>
          <Field label={t('Étiquette', 'Tag')} className={styles.field}>
            <Select value={filters.tag ?? ''} onChange={set('tag')} disabled={(!v || v.tags.length === 0) && !filters.tag}>
              <option value="">{!v ? loadingText : v.tags.length === 0 ? t('Aucune étiquette dans ce plan', 'No tag in this plan') : t('Toutes les étiquettes', 'All tags')}</option>
              {options('tag', v?.tags ?? [])}
            </Select>
          </Field>
          {values.status === 'error' && (
            <ErrorNotice title={t('Les valeurs des filtres n’ont pas pu être chargées', 'The filters’ values could not be loaded')} message={values.error} onRetry={values.reload} />
          )}
        </form>
      )}
    </div>
  );
}
