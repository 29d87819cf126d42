// The tab: the tenant's plans, the chosen plan's dashboard, and the four sections
// (Tableau de bord | Matrice | Projets | Importer), routed through location.hash.
import { Button, MessageBar, MessageBarBody, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { getDashboard, getSettings, listPlans, type Plan, type ProjectFilters, type Settings } from './api.ts';
import { DashboardView } from './DashboardView.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { ImportView } from './ImportView.tsx';
import { useT } from './i18n.tsx';
import { labelsFor } from './labels.ts';
import { Loading } from './Loading.tsx';
import { MatrixView } from './MatrixView.tsx';
import { PlanPicker } from './PlanPicker.tsx';
import { PortalView } from './PortalView.tsx';
import { ProjectPage } from './ProjectPage.tsx';
import { ProjectsView } from './ProjectsView.tsx';
import { RoadmapView, roadmapParams } from './RoadmapView.tsx';
import { navigate, useRoute, type View } from './route.ts';
import { PeopleView } from './PeopleView.tsx';
import { SettingsView } from './SettingsView.tsx';
import { notifyFailed, notifyShown } from './teams.ts';
import { useAsync } from './useAsync.ts';

const useStyles = makeStyles({
  page: { maxWidth: '90rem', margin: '0 auto', padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}` },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalS,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase600 },
  subtitle: { margin: 0, color: tokens.colorNeutralForeground3 },
  // Many sections: at a phone's width the tabs scroll inside the bar, never the page.
  nav: { marginBottom: tokens.spacingVerticalL, overflowX: 'auto', maxWidth: '100%' },
  main: { display: 'grid', gap: tokens.spacingVerticalL, minWidth: 0, ':focus': { outline: 'none' } },
});

const FILTER_KEYS = ['ambition', 'direction', 'status', 'q'] as const;

function pickPlan(plans: Plan[], settings: Settings, wanted: string | null): string | null {
  if (wanted) return wanted;
  if (settings.defaultPlanId && plans.some((p) => p.id === settings.defaultPlanId)) return settings.defaultPlanId;
  return plans[0]?.id ?? null;
}

export function App() {
  const styles = useStyles();
  const t = useT();
  const route = useRoute();
  const [notice, setNotice] = useState<string | null>(null);

  const base = useAsync(async (signal) => {
    const [settings, plans] = await Promise.all([getSettings(signal), listPlans(signal)]);
    return { settings, plans };
  }, []);
  const wanted = route.params.get('plan');
  const planId = base.data ? pickPlan(base.data.plans, base.data.settings, wanted) : null;
  const dashboard = useAsync((signal) => (planId ? getDashboard(planId, signal) : Promise.resolve(null)), [planId]);
  // The dashboard of the plan asked for, never the previous plan's while the next one loads.
  const current = dashboard.data && (!dashboard.data.plan?.id || dashboard.data.plan.id === planId) ? dashboard.data : null;
  const plan = base.data?.plans.find((p) => p.id === planId) ?? current?.plan ?? null;
  const labels = useMemo(() => labelsFor(current ?? undefined, base.data?.settings, t), [current, base.data, t]);

  // Teams is told once, when the first data (or the reason there is none) is on screen.
  const shown = base.status === 'ready' && (planId === null || current !== null);
  useEffect(() => {
    if (base.status === 'error') notifyFailed(base.error);
    else if (dashboard.status === 'error') notifyFailed(dashboard.error);
    else if (shown) notifyShown();
  }, [base.status, dashboard.status, base.error, dashboard.error, shown]);

  useEffect(() => {
    document.title = plan ? `${plan.title} — Jalon` : 'Jalon';
  }, [plan]);

  const keep = { plan: wanted };
  const go = (view: View, extra: Record<string, string | undefined> = {}, replace = false) => {
    setNotice(null);
    navigate(view, { ...keep, ...extra }, replace);
  };

  const filters: ProjectFilters = {};
  for (const k of FILTER_KEYS) {
    const v = route.params.get(k);
    if (v) filters[k] = v;
  }
  const cell = route.params.get('ambition') && route.params.get('direction')
    ? { ambition: route.params.get('ambition')!, direction: route.params.get('direction')! }
    : null;

  const onImported = (id: string) => {
    base.reload();
    dashboard.reload();
    navigate('dashboard', { plan: id });
    setNotice(t('Import terminé : voici le tableau de bord du plan.', 'Import done: here is the plan’s dashboard.'));
  };

  const content = () => {
    if (base.status === 'error') return <ErrorNotice title={t('Jalon n’a pas pu charger vos plans', 'Jalon could not load your plans')} message={base.error} onRetry={base.reload} />;
    if (!base.data) return <Loading label={t('Chargement de vos plans…', 'Loading your plans…')} />;
    if (route.view === 'import') return <ImportView currentPlan={plan} onImported={onImported} />;
    // Plan admins' pages: roles are enforced in a later issue, until then everyone sees them.
    if (route.view === 'settings') return <SettingsView onSaved={base.reload} />;
    if (route.view === 'people') return <PeopleView />;
    if (!planId) {
      return (
        <div>
          <p>{t('Aucun plan n’a encore été importé.', 'No plan has been imported yet.')}</p>
          <Button appearance="primary" onClick={() => go('import')}>
            {t('Importer un plan', 'Import a plan')}
          </Button>
        </div>
      );
    }
    if (dashboard.status === 'error') {
      return <ErrorNotice title={t('Le tableau de bord n’a pas pu être chargé', 'The dashboard could not be loaded')} message={dashboard.error} onRetry={dashboard.reload} />;
    }
    if (!current) return <Loading label={t('Chargement du tableau de bord…', 'Loading the dashboard…')} />;
    switch (route.view) {
      case 'portal':
        return <PortalView planId={planId} dashboard={current} onPlanChanged={dashboard.reload} />;
      case 'matrix':
        return (
          <MatrixView
            dashboard={current}
            planId={planId}
            labels={labels}
            selected={cell}
            onSelect={(s) => go('matrix', { ambition: s.ambition, direction: s.direction })}
          />
        );
      case 'projects':
        return <ProjectsView planId={planId} labels={labels} filters={filters} onFilters={(f) => go('projects', { ...f }, true)} />;
      case 'project':
        return <ProjectPage planId={planId} projectId={route.params.get('id')} dashboard={current} settings={base.data.settings} onChanged={dashboard.reload} />;
      case 'roadmap':
        return <RoadmapView planId={planId} labels={labels} params={roadmapParams(route.params)} onParams={(p) => go('roadmap', { ...p }, true)} />;
      default:
        return <DashboardView dashboard={current} planId={planId} labels={labels} />;
    }
  };

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <div>
          <h1 className={styles.title}>{plan?.title ?? 'Jalon'}</h1>
          <p className={styles.subtitle}>
            {base.data ? `${base.data.settings.profile.name} · ` : ''}
            {t('Jalon, le plan stratégique', 'Jalon, the strategic plan')}
          </p>
        </div>
        {base.data && planId && (
          <PlanPicker plans={base.data.plans} planId={planId} onChange={(id) => navigate(route.view === 'import' || route.view === 'portal' ? route.view : 'dashboard', { plan: id })} />
        )}
      </header>
      <nav className={styles.nav} aria-label={t('Sections', 'Sections')}>
        <TabList selectedValue={route.view === 'project' ? 'projects' : route.view} onTabSelect={(_, data) => go(data.value as View)}>
          <Tab value="portal">{t('Portail', 'Home')}</Tab>
          <Tab value="dashboard">{t('Tableau de bord', 'Dashboard')}</Tab>
          <Tab value="matrix">{t('Matrice', 'Matrix')}</Tab>
          <Tab value="projects">{t('Projets', 'Projects')}</Tab>
          <Tab value="roadmap">{t('Feuille de route', 'Roadmap')}</Tab>
          <Tab value="import">{t('Importer', 'Import')}</Tab>
          <Tab value="settings">{t('Réglages', 'Settings')}</Tab>
          <Tab value="people">{t('Personnes', 'People')}</Tab>
        </TabList>
      </nav>
      <main className={styles.main} id="contenu">
        {notice && (
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
        {content()}
      </main>
    </div>
  );
}
