// The projects matching some filters, a page at a time (« Charger plus » follows the
// API's continuation token).
import {
  Button,
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
import { formatDate, formatEuros, plural } from './format.ts';
import type { Labels } from './labels.ts';
import { Loading } from './Loading.tsx';

const PAGE_SIZE = 50;
const METEO: Record<string, string> = { soleil: '☀️ soleil', nuageux: '⛅ nuageux', orage: '⛈ orage' };

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalM },
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
          ? 'Chargement des projets…'
          : items.length === 0 && !state.error && !state.continuation
            ? 'Aucun projet ne correspond à ces critères.'
            : `${plural(items.length, 'projet')} affiché${items.length > 1 ? 's' : ''}${state.continuation ? ' (d’autres restent à charger)' : ''}`}
      </p>
      {state.error && <ErrorNotice title="Les projets n’ont pas pu être chargés" message={state.error} onRetry={() => setAttempt((n) => n + 1)} />}
      {first && <Loading label="Chargement des projets…" />}
      {items.length > 0 && (
        <div className={styles.scroller}>
          <Table className={styles.table} size="small" aria-label="Projets">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Projet</TableHeaderCell>
                <TableHeaderCell scope="col">Ambition</TableHeaderCell>
                <TableHeaderCell scope="col">Direction pilote</TableHeaderCell>
                <TableHeaderCell scope="col">Statut</TableHeaderCell>
                <TableHeaderCell scope="col">Météo</TableHeaderCell>
                <TableHeaderCell scope="col">Budget prévu</TableHeaderCell>
                <TableHeaderCell scope="col">Début</TableHeaderCell>
                <TableHeaderCell scope="col">Fin</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((p) => (
                <TableRow key={p.id}>
                  <TableCell className={styles.title}>{p.title}</TableCell>
                  <TableCell>{labels.ambition(p.ambitionId)}</TableCell>
                  <TableCell>{labels.direction(p.leadDirectionId)}</TableCell>
                  <TableCell className={styles.nowrap}>{p.status}</TableCell>
                  <TableCell className={styles.nowrap}>{p.meteo ? METEO[p.meteo.value] ?? p.meteo.value : '—'}</TableCell>
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
            {state.loading ? 'Chargement…' : 'Charger plus'}
          </Button>
        </div>
      )}
    </div>
  );
}
