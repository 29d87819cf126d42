// A channel tab's configuration page (/tabs/config, the manifest's configurationUrl): the
// team picks a plan, then what the tab follows — the whole plan, an ambition, an objective
// or a project — and Teams saves the tab with the entityId and contentUrl of teamsLinks.ts.
// Outside Teams the same page shows the address the tab would open, for a check by hand.
import { Field, Input, Radio, RadioGroup, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { getDashboard, listPlans, listProjects, type Dashboard, type ObjectiveSummary, type Plan, type Project } from './api.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { useT } from './i18n.tsx';
import { Loading } from './Loading.tsx';
import { offerTabConfig } from './teams.ts';
import { channelTabConfig, type Slice, type SliceKind } from './teamsLinks.ts';
import { useAsync } from './useAsync.ts';

const useStyles = makeStyles({
  page: { maxWidth: '40rem', margin: '0 auto', padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalL },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  preview: { margin: 0, color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

interface Choice {
  id: string;
  label: string;
}

/** The objectives of a dashboard, flattened in reading order, with their depth shown by indentation. */
function objectivesOf(dashboard: Dashboard): Choice[] {
  const out: Choice[] = [];
  const walk = (list: ObjectiveSummary[], depth: number) => {
    for (const o of list) {
      if (o.id) out.push({ id: o.id, label: `${'\u00a0\u00a0'.repeat(depth)}${o.title}` });
      walk(o.objectives ?? [], depth + 1);
    }
  };
  for (const a of dashboard.ambitions) walk(a.objectives, 0);
  return out;
}

export function ConfigPage() {
  const styles = useStyles();
  const t = useT();
  const plans = useAsync((signal) => listPlans(signal), []);
  const [planId, setPlanId] = useState<string | null>(null);
  const [kind, setKind] = useState<SliceKind>('plan');
  const [itemId, setItemId] = useState<string>('');
  const [search, setSearch] = useState('');

  const plan: Plan | null = plans.data?.find((p) => p.id === planId) ?? plans.data?.[0] ?? null;
  const dashboard = useAsync((signal) => (plan ? getDashboard(plan.id, signal) : Promise.resolve(null)), [plan?.id]);
  const projects = useAsync(
    (signal) => (plan && kind === 'project' ? listProjects(plan.id, search.trim() ? { q: search.trim() } : {}, { limit: 50, continuation: null }, signal) : Promise.resolve(null)),
    [plan?.id, kind, search],
  );

  const choices: Choice[] = useMemo(() => {
    if (!dashboard.data) return [];
    if (kind === 'ambition') return dashboard.data.ambitions.filter((a) => a.id).map((a) => ({ id: a.id!, label: a.title }));
    if (kind === 'objective') return objectivesOf(dashboard.data);
    if (kind === 'project') return (projects.data?.items ?? []).map((p: Project) => ({ id: p.id, label: p.title }));
    return [];
  }, [dashboard.data, projects.data, kind]);

  const chosen = kind === 'plan' ? (plan ? { id: plan.id, label: plan.title } : null) : (choices.find((c) => c.id === itemId) ?? null);
  const slice: Slice | null = plan && chosen ? { kind, planId: plan.id, id: chosen.id } : null;
  const config = slice && chosen ? channelTabConfig(window.location.origin, slice, chosen.label.trim()) : null;

  // Teams enables « Save » only once something is chosen, and saves exactly this.
  useEffect(() => {
    offerTabConfig(config);
  }, [config?.entityId, config?.suggestedDisplayName]); // eslint-disable-line react-hooks/exhaustive-deps

  if (plans.status === 'error') return <ErrorNotice title={t('Les plans n’ont pas pu être chargés', 'The plans could not be loaded')} message={plans.error} onRetry={plans.reload} />;
  if (!plans.data) return <Loading label={t('Chargement des plans…', 'Loading the plans…')} />;

  return (
    <main className={styles.page}>
      <h1 className={styles.title}>{t('Que suit cet onglet ?', 'What does this tab follow?')}</h1>
      {plans.data.length === 0 ? (
        <p>{t('Aucun plan n’a encore été importé : importez-en un depuis l’onglet personnel Jalon.', 'No plan has been imported yet: import one from Jalon’s personal tab.')}</p>
      ) : (
        <>
          <Field label={t('Plan', 'Plan')}>
            <Select
              value={plan?.id ?? ''}
              onChange={(_, d) => {
                setPlanId(d.value);
                setItemId('');
              }}
            >
              {plans.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('L’onglet montre', 'The tab shows')}>
            <RadioGroup
              value={kind}
              onChange={(_, d) => {
                setKind(d.value as SliceKind);
                setItemId('');
              }}
            >
              <Radio value="plan" label={t('Le plan entier', 'The whole plan')} />
              <Radio value="ambition" label={t('Une ambition', 'An ambition')} />
              <Radio value="objective" label={t('Un objectif ou un programme', 'An objective or a programme')} />
              <Radio value="project" label={t('Un projet', 'A project')} />
            </RadioGroup>
          </Field>
          {kind === 'project' && (
            <Field label={t('Chercher un projet', 'Search a project')}>
              <Input value={search} onChange={(_, d) => setSearch(d.value)} type="search" />
            </Field>
          )}
          {kind !== 'plan' &&
            (dashboard.status === 'error' ? (
              <ErrorNotice title={t('Le plan n’a pas pu être chargé', 'The plan could not be loaded')} message={dashboard.error} onRetry={dashboard.reload} />
            ) : (
              <Field
                label={kind === 'ambition' ? t('Ambition', 'Ambition') : kind === 'objective' ? t('Objectif', 'Objective') : t('Projet', 'Project')}
                validationMessage={choices.length === 0 && dashboard.status === 'ready' ? t('Rien à choisir dans ce plan.', 'Nothing to choose in this plan.') : undefined}
                validationState="none"
              >
                <Select value={itemId} onChange={(_, d) => setItemId(d.value)}>
                  <option value="">{t('— choisir —', '— choose —')}</option>
                  {choices.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label}
                    </option>
                  ))}
                </Select>
              </Field>
            ))}
          <p className={styles.preview} aria-live="polite">
            {config
              ? `${t('L’onglet « {name} » ouvrira', 'The tab « {name} » will open').replace('{name}', config.suggestedDisplayName)} ${config.websiteUrl}`
              : t('Choisissez ce que l’onglet doit suivre.', 'Choose what the tab should follow.')}
          </p>
        </>
      )}
    </main>
  );
}
