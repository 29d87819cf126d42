// The projects matching some filters, a page at a time (« Charger plus » follows the
// API's continuation token).
import {
  Button,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { errorMessage, listProjects, type Project, type ProjectFilters } from './api.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { formatDate, formatEuros } from './format.ts';
import { useT } from './i18n.tsx';
import { counted, meteoLabel, statusLabel, type Labels } from './labels.ts';
import { Loading } from './Loading.tsx';
import { hrefFor } from './route.ts';

const PAGE_SIZE = 50;

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingVerticalM },
  scroller: { overflowX: 'auto', backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  table: { minWidth: '60rem', tableLayout: 'auto' },
  title: { fontWeight: tokens.fontWeightSemibold, minWidth: '16rem' },
  count: { color: tokens.colorNeutralForeground2 },
  nowrap: { whiteSpace: 'nowrap' },
});

interface State {
  items: Project[];
  continuation: string | null;
  loading: boolean;
  error: string | null;
}

export function ProjectList({
  planId,
  filters,
  labels,
  leadDirection,
}: {
  planId: string;
  filters: ProjectFilters;
  labels: Labels;
  /**
   * Keep only the projects this direction leads (null: those led by none). The API's
   * direction filter also matches co-pilots; the matrix counts lead directions only.
   */
  leadDirection?: string | null;
}) {
  const styles = useStyles();
  const t = useT();
  const [state, setState] = useState<State>({ items: [], continuation: null, loading: true, error: null });
  const [attempt, setAttempt] = useState(0);
  const filterKey = JSON.stringify(filters);

  // The first page, again whenever the filters change.
  useEffect(() => {
    const controller = new AbortController();
    setState({ items: [], continuation: null, loading: true, error: null });
    listProjects(planId, filters, { limit: PAGE_SIZE, continuation: null }, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) setState({ items: page.items, continuation: page.continuation, loading: false, error: null });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ items: [], continuation: null, loading: false, error: errorMessage(e) });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [planId, filterKey, attempt]);

  const loadMore = () => {
    if (!state.continuation) return;
    setState((s) => ({ ...s, loading: true, error: null }));
    listProjects(planId, filters, { limit: PAGE_SIZE, continuation: state.continuation }).then(
      (page) => setState((s) => ({ items: [...s.items, ...page.items], continuation: page.continuation, loading: false, error: null })),
      (e: unknown) => setState((s) => ({ ...s, loading: false, error: errorMessage(e) })),
    );
  };

  const items =
    leadDirection === undefined ? state.items : state.items.filter((p) => (p.leadDirectionId ?? null) === leadDirection);
  const first = state.loading && state.items.length === 0;
  return (
    <div className={styles.root}>
      <p className={styles.count} role="status" aria-live="polite">
        {first
          ? t('Chargement des projets…', 'Loading the projects…')
          : items.length === 0 && !state.error && !state.continuation
            ? t('Aucun projet ne correspond à ces critères.', 'No project matches these criteria.')
            : t(
                `${counted(t, items.length, 'projet', 'project')} affiché${items.length > 1 ? 's' : ''}${state.continuation ? ' (d’autres restent à charger)' : ''}`,
                `${counted(t, items.length, 'projet', 'project')} shown${state.continuation ? ' (more to load)' : ''}`,
              )}
      </p>
      {state.error && (
        <ErrorNotice
          title={t('Les projets n’ont pas pu être chargés', 'The projects could not be loaded')}
          message={state.error}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      )}
      {first && <Loading label={t('Chargement des projets…', 'Loading the projects…')} />}
      {items.length > 0 && (
        // Wide table: it scrolls inside this focusable region, never the page.
        <div className={styles.scroller} role="region" aria-label={t('Projets, défilable', 'Projects, scrollable')} tabIndex={0}>
          <Table className={styles.table} size="small" aria-label={t('Projets', 'Projects')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('Projet', 'Project')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('Ambition', 'Ambition')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('Direction pilote', 'Lead direction')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('Statut', 'Status')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('Météo', 'Weather')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('Budget prévu', 'Planned budget')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('Début', 'Start')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('Fin', 'End')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((p) => (
                <TableRow key={p.id}>
                  <TableCell className={styles.title}>
                    <Link href={hrefFor('project', { plan: planId, id: p.id })}>{p.title}</Link>
                  </TableCell>
                  <TableCell>{labels.ambition(p.ambitionId)}</TableCell>
                  <TableCell>{labels.direction(p.leadDirectionId)}</TableCell>
                  <TableCell className={styles.nowrap}>{statusLabel(p.status, t)}</TableCell>
                  <TableCell className={styles.nowrap}>{p.meteo ? meteoLabel(p.meteo.value, t) : '—'}</TableCell>
                  <TableCell className={styles.nowrap}>{p.budget?.planned != null ? formatEuros(p.budget.planned) : '—'}</TableCell>
                  <TableCell className={styles.nowrap}>{formatDate(p.startDate)}</TableCell>
                  <TableCell className={styles.nowrap}>{formatDate(p.endDate)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {state.continuation && (
        <div>
          <Button onClick={loadMore} disabled={state.loading}>
            {state.loading ? t('Chargement…', 'Loading…') : t('Charger plus', 'Load more')}
          </Button>
        </div>
      )}
    </div>
  );
}
