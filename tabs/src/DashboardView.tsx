// Tableau de bord: the plan's totals, how progress is computed, one card per ambition;
// then, drilled down, one ambition or objective (nested) with its figures, its objectives
// and its projects. Everything it shows lives in the address, so that a view can be
// shared and a channel tab pinned to an ambition or objective opens it:
//   #/dashboard?plan=<id>[&ambition=<id>|none][&objective=<id>][&direction=&status=&elu=&tag=]
// With filters, every figure is the API's for the projects they keep.
import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { PROJECT_STATUSES, type AmbitionSummary, type Dashboard, type Figures, type ObjectiveSummary } from './api.ts';
import { AmbitionCard } from './AmbitionCard.tsx';
import { DashboardFilterBar } from './DashboardFilterBar.tsx';
import { filtersFrom, getFilteredDashboard, hasFilters, type DashboardFilters } from './dashboardApi.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { FormulaDisclosure } from './FormulaDisclosure.tsx';
import { formatNumber, formatPercent } from './format.ts';
import { useT, type Translate } from './i18n.tsx';
import { counted, NONE, statusLabel, type Labels } from './labels.ts';
import { Loading } from './Loading.tsx';
import { MeteoCounts } from './MeteoCounts.tsx';
import { ObjectiveList } from './ObjectiveList.tsx';
import { ProjectList } from './ProjectList.tsx';
import { hrefFor, navigate, useRoute } from './route.ts';
import { Totals } from './Totals.tsx';
import { useAsync } from './useAsync.ts';

const useStyles = makeStyles({
  // One column as wide as the page: a wide table scrolls inside its region, never widens the page.
  root: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingVerticalL, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere', ':focus': { outline: 'none' }, ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` } },
  eyebrow: { margin: 0, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, textTransform: 'uppercase', letterSpacing: '0.04em' },
  titleBlock: { display: 'grid', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 22rem), 1fr))',
    gap: tokens.spacingHorizontalL,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  empty: { margin: 0, color: tokens.colorNeutralForeground3 },
  summary: { margin: 0, color: tokens.colorNeutralForeground2 },
  crumbs: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  crumb: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0, overflowWrap: 'anywhere' },
  separator: { color: tokens.colorNeutralForeground3 },
  current: { fontWeight: tokens.fontWeightSemibold },
  panel: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr)',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    minWidth: 0,
  },
  muted: { margin: 0, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

// ───────────────────────── where the address points ─────────────────────────

/** The level's key in the address: which ambition and objective it names. */
const levelKey = (ambition: string | null, objective: string | null) => `${ambition ?? ''}|${objective ?? ''}`;

type Level =
  | { kind: 'plan' }
  | { kind: 'ambition'; ambition: AmbitionSummary }
  | { kind: 'objective'; ambition: AmbitionSummary | null; path: ObjectiveSummary[] }
  | { kind: 'missing'; what: 'ambition' | 'objective'; id: string };

/** The objectives from a top-level one down to `id`, or null. */
function pathTo(objectives: ObjectiveSummary[], id: string): ObjectiveSummary[] | null {
  for (const o of objectives) {
    if (o.id === id) return [o];
    const below = pathTo(o.objectives, id);
    if (below) return [o, ...below];
  }
  return null;
}

function resolve(d: Dashboard, ambitionId: string | null, objectiveId: string | null): Level {
  const ambitionOf = (id: string) => d.ambitions.find((a) => (a.id ?? NONE) === id) ?? null;
  if (objectiveId) {
    // The ambition named first; any, when the address names none or the wrong one.
    const named = ambitionId ? ambitionOf(ambitionId) : null;
    for (const a of named ? [named, ...d.ambitions] : d.ambitions) {
      const path = pathTo(a.objectives, objectiveId);
      if (path) return { kind: 'objective', ambition: a, path };
    }
    return { kind: 'missing', what: 'objective', id: objectiveId };
  }
  if (ambitionId) {
    const a = ambitionOf(ambitionId);
    return a ? { kind: 'ambition', ambition: a } : { kind: 'missing', what: 'ambition', id: ambitionId };
  }
  return { kind: 'plan' };
}

// ───────────────────────── the view ─────────────────────────

export function DashboardView({ dashboard, planId, labels }: { dashboard: Dashboard; planId: string; labels: Labels }) {
  const styles = useStyles();
  const t = useT();
  const { params } = useRoute();
  const filters = filtersFrom(params);
  const filtered = hasFilters(filters);
  const ambitionId = params.get('ambition');
  const objectiveId = params.get('objective');

  const result = useAsync(
    (signal) => (filtered ? getFilteredDashboard(planId, filters, signal) : Promise.resolve(null)),
    [planId, JSON.stringify(filters)],
  );
  const [filtersOpen, setFiltersOpen] = useState(filtered);

  /** An address of this view: the plan, the filters, and the level asked for. */
  const hrefTo = (ambition: string | null, objective: string | null = null) =>
    hrefFor('dashboard', { plan: planId, ambition, objective, ...filters });
  const setFilters = (next: DashboardFilters) =>
    navigate('dashboard', { plan: planId, ambition: ambitionId, objective: objectiveId, ...next }, true);

  // Focus follows the drill-down: to the new level's heading going down, back to the link
  // of the level just left going up (links to a level carry its key in data-drill; the
  // breadcrumbs' do not, so going down never lands on them). Not on first load: a deep
  // link leaves the page's focus where the browser puts it.
  const key = levelKey(ambitionId, objectiveId);
  const previous = useRef<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = key;
    if (before === null || before === key) return;
    const back = Array.from(document.querySelectorAll<HTMLElement>('[data-drill]')).find((el) => el.dataset.drill === before);
    (back ?? heading.current)?.focus();
  }, [key]);

  const shown = filtered ? (result.data ?? null) : dashboard;
  // The structure is the whole plan's; the figures are the filtered ones when there are filters.
  const level = resolve(dashboard, ambitionId, objectiveId);
  const figuresOf = figureIndex(shown);

  const ambitionHref = (a: { id: string | null }) => hrefTo(a.id ?? NONE);
  const ambitionKey = (a: { id: string | null }) => levelKey(a.id ?? NONE, null);
  const objectiveHref = (a: { id: string | null }) => (o: ObjectiveSummary) => hrefTo(a.id ?? NONE, o.id);
  const objectiveKey = (a: { id: string | null }) => (o: ObjectiveSummary) => levelKey(a.id ?? NONE, o.id);

  // The filters' outcome is announced as it changes: the live region is always there.
  const summary = (
    <p className={styles.summary} role="status" aria-live="polite">
      {!filtered
        ? ''
        : shown
          ? t(
              `Chiffres filtrés : ${counted(t, shown.totals.projects, 'projet', 'project')} sur ${formatNumber(dashboard.totals.projects)}.`,
              `Filtered figures: ${counted(t, shown.totals.projects, 'projet', 'project')} of ${formatNumber(dashboard.totals.projects)}.`,
            )
          : result.status === 'loading'
            ? t('Calcul des chiffres filtrés…', 'Computing the filtered figures…')
            : ''}
    </p>
  );
  const filterBar = (
    <DashboardFilterBar
      planId={planId}
      filters={filters}
      labels={labels}
      open={filtersOpen}
      onOpen={setFiltersOpen}
      onChange={setFilters}
      status={summary}
    />
  );
  const filterState = !filtered ? null : result.status === 'error' ? (
    <ErrorNotice title={t('Les chiffres filtrés n’ont pas pu être calculés', 'The filtered figures could not be computed')} message={result.error} onRetry={result.reload} />
  ) : null;
  const waiting = filtered && !shown && result.status === 'loading' ? <Loading label={t('Calcul des chiffres filtrés…', 'Computing the filtered figures…')} /> : null;

  if (level.kind === 'plan') {
    return (
      <section className={styles.root} aria-labelledby="dashboard-title">
        <h2 id="dashboard-title" ref={heading} tabIndex={-1} className={styles.heading}>
          {t('Tableau de bord', 'Dashboard')}
        </h2>
        {filterBar}
        {filterState}
        {waiting}
        {shown && (
          <>
            <Totals totals={shown.totals} />
            <FormulaDisclosure formula={shown.formula} />
            {shown.ambitions.length === 0 ? (
              <p className={styles.empty}>{t('Ce plan n’a pas encore d’ambition.', 'This plan has no ambition yet.')}</p>
            ) : (
              <ul className={styles.grid} aria-label={t('Ambitions', 'Ambitions')}>
                {shown.ambitions.map((a) => (
                  <li key={a.id ?? NONE}>
                    <AmbitionCard
                      ambition={a}
                      href={ambitionHref(a)}
                      drillKey={ambitionKey(a)}
                      objectiveHref={objectiveHref(a)}
                      objectiveDrillKey={objectiveKey(a)}
                    />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
    );
  }

  const planCrumb = { href: hrefTo(null), label: dashboard.plan?.title || t('Plan', 'Plan'), key: levelKey(null, null) };

  if (level.kind === 'missing') {
    return (
      <section className={styles.root} aria-labelledby="dashboard-title">
        <Crumbs items={[planCrumb]} current={level.what === 'ambition' ? t('Ambition introuvable', 'Ambition not found') : t('Objectif introuvable', 'Objective not found')} />
        <h2 id="dashboard-title" ref={heading} tabIndex={-1} className={styles.heading}>
          {level.what === 'ambition' ? t('Ambition introuvable', 'Ambition not found') : t('Objectif introuvable', 'Objective not found')}
        </h2>
        <p className={styles.empty}>
          {level.what === 'ambition'
            ? t(`Ce plan n’a pas (ou plus) d’ambition « ${level.id} ».`, `This plan has no (or no longer any) ambition “${level.id}”.`)
            : t(`Ce plan n’a pas (ou plus) d’objectif « ${level.id} ».`, `This plan has no (or no longer any) objective “${level.id}”.`)}{' '}
          <Link href={planCrumb.href}>{t('Revenir au tableau de bord du plan', 'Back to the plan’s dashboard')}</Link>
        </p>
      </section>
    );
  }

  // ── an ambition, or an objective (nested) ──
  const ambition = level.ambition;
  const ambitionCrumb = ambition ? [{ href: hrefTo(ambition.id ?? NONE), label: ambition.title, key: levelKey(ambition.id ?? NONE, null) }] : [];
  const node: AmbitionSummary | ObjectiveSummary = level.kind === 'ambition' ? level.ambition : level.path[level.path.length - 1]!;
  const parents = level.kind === 'objective' ? level.path.slice(0, -1) : [];
  const crumbs = [
    planCrumb,
    ...(level.kind === 'objective' ? ambitionCrumb : []),
    ...parents.map((o) => ({ href: hrefTo(ambition?.id ?? NONE, o.id), label: o.title, key: levelKey(ambition?.id ?? NONE, o.id) })),
  ];
  const nodeKey = level.kind === 'ambition' ? `a:${node.id ?? NONE}` : `o:${node.id}`;
  const figures = figuresOf.get(nodeKey) ?? null;
  const eyebrow =
    level.kind === 'ambition'
      ? t('Ambition', 'Ambition')
      : parents.length > 0
        ? t('Sous-objectif', 'Sub-objective')
        : t('Objectif', 'Objective');
  const subObjectives = (figures as { objectives?: ObjectiveSummary[] } | null)?.objectives ?? node.objectives;
  const projectFilters =
    level.kind === 'ambition' ? { ambition: node.id ?? NONE, ...filters } : { objective: node.id ?? '', ...filters };
  const aId = ambition?.id ?? NONE;

  return (
    <section className={styles.root} aria-labelledby="dashboard-title">
      <Crumbs items={crumbs} current={node.title} />
      <div className={styles.titleBlock}>
        <p className={styles.eyebrow}>{eyebrow}</p>
        <h2 id="dashboard-title" ref={heading} tabIndex={-1} className={styles.heading}>
          {node.title}
        </h2>
      </div>
      {filterBar}
      {filterState}
      {waiting}
      {shown && (
        <>
          <LevelFigures figures={figures ?? emptyFigures} label={t(`Chiffres de « ${node.title} »`, `Figures of “${node.title}”`)} t={t} />
          {subObjectives.length > 0 && (
            <section className={styles.panel} aria-labelledby="dashboard-objectives">
              <h3 id="dashboard-objectives" className={styles.subheading}>
                {level.kind === 'ambition' ? t('Objectifs', 'Objectives') : t('Sous-objectifs', 'Sub-objectives')}
              </h3>
              <ObjectiveList
                objectives={subObjectives}
                hrefOf={(o) => hrefTo(aId, o.id)}
                drillKeyOf={(o) => levelKey(aId, o.id)}
                label={level.kind === 'ambition' ? t('Objectifs', 'Objectives') : t('Sous-objectifs', 'Sub-objectives')}
              />
            </section>
          )}
          <section className={styles.panel} aria-labelledby="dashboard-projects">
            <h3 id="dashboard-projects" className={styles.subheading}>
              {level.kind === 'ambition' ? t('Projets de l’ambition', 'Projects of the ambition') : t('Projets de l’objectif', 'Projects of the objective')}
            </h3>
            {level.kind === 'objective' && subObjectives.length > 0 && (
              <p className={styles.muted}>{t('Ceux de ses sous-objectifs compris.', 'Those of its sub-objectives included.')}</p>
            )}
            <ProjectList planId={planId} filters={projectFilters} labels={labels} />
          </section>
        </>
      )}
    </section>
  );
}

// ───────────────────────── pieces ─────────────────────────

/** Figures by level, `a:<ambition id|none>` and `o:<objective id>`, of a (filtered) dashboard. */
function figureIndex(d: Dashboard | null): Map<string, Figures & { objectives?: ObjectiveSummary[] }> {
  const out = new Map<string, Figures & { objectives?: ObjectiveSummary[] }>();
  if (!d) return out;
  const walk = (os: ObjectiveSummary[]) => {
    for (const o of os) {
      out.set(`o:${o.id}`, o);
      walk(o.objectives);
    }
  };
  for (const a of d.ambitions) {
    out.set(`a:${a.id ?? NONE}`, a);
    walk(a.objectives);
  }
  return out;
}

const emptyFigures: Figures = {
  projects: 0,
  milestones: 0,
  late: 0,
  progress: null,
  progressByBudget: null,
  budget: 0,
  meteo: { soleil: 0, nuageux: 0, orage: 0, none: 0 },
  statuses: Object.fromEntries(PROJECT_STATUSES.map((s) => [s, 0])) as Figures['statuses'],
};

function LevelFigures({ figures, label, t }: { figures: Figures; label: string; t: Translate }) {
  const styles = useStyles();
  const statuses = PROJECT_STATUSES.filter((s) => figures.statuses[s] > 0)
    .map((s) => `${statusLabel(s, t)} ${formatNumber(figures.statuses[s])}`)
    .join(' · ');
  // Only the figures: an ambition's or objective's own `objectives` are its children, not a count.
  const { projects, milestones, late, progress, progressByBudget, budget, meteo } = figures;
  return (
    <div className={styles.panel}>
      <Totals
        totals={{ projects, milestones, late, progress, progressByBudget, budget, meteo, statuses: figures.statuses }}
        label={label}
        progressTerm={t('Avancement', 'Progress')}
      />
      {progressByBudget !== null && (
        <p className={styles.muted}>
          {t(`Avancement pondéré par le budget : ${formatPercent(progressByBudget)}`, `Progress weighted by budget: ${formatPercent(progressByBudget)}`)}
        </p>
      )}
      <MeteoCounts meteo={meteo} />
      {statuses && <p className={styles.muted}>{statuses}</p>}
    </div>
  );
}

function Crumbs({ items, current }: { items: Array<{ href: string; label: string; key: string }>; current: string }) {
  const styles = useStyles();
  const t = useT();
  return (
    <nav aria-label={t('Fil d’Ariane', 'Breadcrumb')}>
      <ol className={styles.crumbs}>
        {items.map((c) => (
          <li key={c.key} className={styles.crumb}>
            <Link href={c.href}>
              {c.label}
            </Link>
            <span aria-hidden="true" className={styles.separator}>
              ›
            </span>
          </li>
        ))}
        <li className={`${styles.crumb} ${styles.current}`} aria-current="page">
          {current}
        </li>
      </ol>
    </nav>
  );
}
