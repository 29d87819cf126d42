// Fiche projet (#/project?plan=…&id=…): every field of one project, its form, its progress
// and where it comes from, its météo and the history of declarations, its milestones edited
// in place. Reached from any project list and by deep link. Each save names the version it
// read (If-Match); a 412 shows both versions side by side (ConflictPanel).
//
// Layout: a grid of sections (the fields and the form; progress and météo beside them on a
// wide screen; the milestones across), so that later sections slot in as one more <section>.
import { Button, Link, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  getProject,
  listMilestones,
  listPeople,
  type Dashboard,
  type MilestoneRecord,
  type ObjectiveSummary,
  type PersonRecord,
  type ProjectDetail,
  type ProjectRecord,
  type Settings,
} from './api.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { formatPercent } from './format.ts';
import { useLang, useT } from './i18n.tsx';
import { Loading } from './Loading.tsx';
import { projectFields, ProjectFieldsView, type Names } from './ProjectFields.tsx';
import { ProjectForm, type Choices } from './ProjectForm.tsx';
import { ProjectMeteo } from './ProjectMeteo.tsx';
import { ProjectMilestones } from './ProjectMilestones.tsx';
import { ProjectProgress } from './ProjectProgress.tsx';
import { meteoOf, personName, termOf } from './ProjectVocab.ts';
import { hrefFor, navigate } from './route.ts';
import { useAsync } from './useAsync.ts';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL, minWidth: 0 },
  crumbs: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    color: tokens.colorNeutralForeground2,
    overflowWrap: 'anywhere',
  },
  crumb: { '&:not(:last-child)::after': { content: '"›"', marginLeft: tokens.spacingHorizontalXS } },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
    // Focused by script on arrival (a starting point for screen readers), not a control.
    ':focus': { outline: 'none' },
  },
  summary: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, margin: `${tokens.spacingVerticalXS} 0 0`, padding: 0, listStyleType: 'none' },
  summaryValue: { fontWeight: tokens.fontWeightSemibold },
  // Two columns on a wide screen (the fields; progress and météo), one on a phone.
  columns: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)',
    gap: tokens.spacingVerticalL,
    alignItems: 'start',
    '@media (max-width: 64rem)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  column: { display: 'grid', gap: tokens.spacingVerticalL, minWidth: 0 },
  section: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
    minWidth: 0,
  },
  sectionHead: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  sectionTitle: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

/** Today where the collectivité is (what the API dates a météo with). */
const todayInParis = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

function flattenObjectives(list: ObjectiveSummary[], ambitionId: string | null, depth = 0): Choices['objectives'] {
  return list.flatMap((o) => [{ id: o.id, title: o.title, ambitionId, depth }, ...flattenObjectives(o.objectives, ambitionId, depth + 1)]);
}

export function ProjectPage({
  planId,
  projectId,
  dashboard,
  settings,
  onChanged,
}: {
  planId: string;
  projectId: string | null;
  dashboard: Dashboard;
  settings: Settings;
  /** Something the dashboard counts has changed: it reloads. */
  onChanged?(): void;
}) {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const today = todayInParis();

  const loaded = useAsync(async (signal) => {
    if (!projectId) return null;
    const [project, milestones, people] = await Promise.all([
      getProject(projectId, signal),
      listMilestones(projectId, signal),
      // Without the people, ids stand for names: the page still shows and saves.
      listPeople(signal).catch((): PersonRecord[] => []),
    ]);
    return { project, milestones, people };
  }, [projectId]);
  const [state, setState] = useState<{ project: ProjectDetail; milestones: MilestoneRecord[] } | null>(null);
  useEffect(() => {
    if (loaded.status === 'ready' && loaded.data) setState({ project: loaded.data.project, milestones: loaded.data.milestones });
  }, [loaded.status, loaded.data]);
  const people = useMemo(() => loaded.data?.people ?? [], [loaded.data]);
  const current = state && state.project.id === projectId ? state : null;
  const project = current?.project ?? null;

  // A link naming another plan (or none): the page follows the project's own plan.
  useEffect(() => {
    if (project && project.planId !== planId) navigate('project', { plan: project.planId, id: project.id }, true);
  }, [project, planId]);

  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const shownId = project?.id;
  useEffect(() => {
    // Arriving on the page (from a list or a link), the reader starts at its title.
    if (shownId) heading.current?.focus();
    setEditing(false);
    setNotice(null);
  }, [shownId]);

  const names = useMemo<Names>(() => {
    const ambitions = new Map(dashboard.ambitions.flatMap((a) => (a.id ? [[a.id, a.title] as const] : [])));
    const objectives = new Map(dashboard.ambitions.flatMap((a) => flattenObjectives(a.objectives, a.id)).map((o) => [o.id, o.title]));
    const directions = new Map(settings.directions.map((d) => [d.id, d.name]));
    for (const d of dashboard.directions) if (d.id && !directions.has(d.id)) directions.set(d.id, d.name);
    return {
      ambition: (id) => (id === null ? t('Sans ambition', 'No ambition') : ambitions.get(id) ?? id),
      objective: (id) => (id === null ? '—' : objectives.get(id) ?? id),
      direction: (id) => (id === null ? t('Sans direction', 'No direction') : directions.get(id) ?? id),
      person: (id) => personName(people, id),
    };
  }, [dashboard, settings, people, t]);

  const choices = useMemo<Choices>(
    () => ({
      ambitions: dashboard.ambitions.flatMap((a) => (a.id ? [{ id: a.id, title: a.title }] : [])),
      objectives: dashboard.ambitions.flatMap((a) => flattenObjectives(a.objectives, a.id)),
      directions: settings.directions.map((d) => ({ id: d.id, name: d.name })),
      people: [...people].map((p) => ({ id: p.id, name: p.displayName })).sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    }),
    [dashboard, settings, people],
  );
  const fields = useMemo(() => projectFields(t, lang, names), [t, lang, names]);

  const setProject = (p: ProjectDetail) => setState((s) => (s ? { ...s, project: p } : s));
  /** The project again from the API: its figures follow its milestones. */
  const refresh = useCallback(async () => {
    if (!projectId) return;
    try {
      const fresh = await getProject(projectId);
      setState((s) => (s && s.project.id === fresh.id ? { ...s, project: fresh } : s));
    } catch {
      // The page keeps what it shows; the next save or a reload says what is wrong.
    }
  }, [projectId]);

  const saved = (message: string) => (p: ProjectDetail) => {
    setProject(p);
    setNotice(message);
    onChanged?.();
  };
  /** The version someone else saved: shown at once, its figures fetched again. */
  const takeCurrent = (p: ProjectRecord) => {
    setState((s) => (s ? { ...s, project: { ...p, figures: s.project.figures } } : s));
    setNotice(t('Version actuelle affichée : vos modifications ont été abandonnées.', 'Current version shown: your changes were dropped.'));
    void refresh();
  };

  if (!projectId) {
    return <ErrorNotice title={t('Aucun projet indiqué', 'No project given')} message={t('Ouvrez un projet depuis la liste des projets.', 'Open a project from the project list.')} />;
  }
  if (loaded.status === 'error') {
    return <ErrorNotice title={t('Le projet n’a pas pu être chargé', 'The project could not be loaded')} message={loaded.error} onRetry={loaded.reload} />;
  }
  if (!project || !current) return <Loading label={t('Chargement du projet…', 'Loading the project…')} />;

  const f = project.figures;
  return (
    <article className={styles.root} aria-labelledby="project-title">
      <nav aria-label={t('Fil d’Ariane', 'Breadcrumb')}>
        <ol className={styles.crumbs}>
          <li className={styles.crumb}>
            <Link href={hrefFor('projects', { plan: project.planId })}>{t('Projets', 'Projects')}</Link>
          </li>
          <li className={styles.crumb}>{names.ambition(project.ambitionId)}</li>
          {project.objectiveId && <li className={styles.crumb}>{names.objective(project.objectiveId)}</li>}
        </ol>
      </nav>
      <header>
        <h2 id="project-title" ref={heading} tabIndex={-1} className={styles.heading}>
          {project.title}
        </h2>
        <ul className={styles.summary} aria-label={t('En bref', 'At a glance')}>
          <li>
            {t('Statut : ', 'Status: ')}
            <span className={styles.summaryValue}>{termOf(lang, project.status)}</span>
          </li>
          <li>
            {t('Météo : ', 'Weather: ')}
            <span className={styles.summaryValue}>{project.meteo ? meteoOf(lang, project.meteo.value) : t('non déclarée', 'not declared')}</span>
          </li>
          <li>
            {t('Avancement : ', 'Progress: ')}
            <span className={styles.summaryValue} data-testid="progress-value">
              {formatPercent(f.progress)}
            </span>
          </li>
        </ul>
      </header>
      <div role="status" aria-live="polite">
        {notice && (
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
      </div>

      <div className={styles.columns}>
        <div className={styles.column}>
          <section className={styles.section} aria-labelledby="project-fields">
            <div className={styles.sectionHead}>
              <h3 id="project-fields" className={styles.sectionTitle}>
                {t('Fiche projet', 'Project details')}
              </h3>
              {!editing && (
                <Button
                  ref={editButton}
                  onClick={() => {
                    setNotice(null);
                    setEditing(true);
                  }}
                >
                  {t('Modifier la fiche', 'Edit the details')}
                </Button>
              )}
            </div>
            {editing ? (
              <ProjectForm
                project={project}
                fields={fields}
                choices={choices}
                today={today}
                onSaved={(p) => {
                  saved(t('Fiche enregistrée.', 'Details saved.'))(p);
                  setEditing(false);
                  requestAnimationFrame(() => editButton.current?.focus());
                }}
                onTakeCurrent={(p) => {
                  takeCurrent(p);
                  setEditing(false);
                }}
                onCancel={() => {
                  setEditing(false);
                  requestAnimationFrame(() => editButton.current?.focus());
                }}
              />
            ) : (
              <ProjectFieldsView project={project} fields={fields} extra={project.extra} />
            )}
          </section>
        </div>
        <div className={styles.column}>
          <section className={styles.section} aria-labelledby="project-progress">
            <h3 id="project-progress" className={styles.sectionTitle}>
              {t('Avancement', 'Progress')}
            </h3>
            <ProjectProgress
              project={project}
              names={names}
              fields={fields}
              today={today}
              onSaved={saved(t('Avancement enregistré.', 'Progress saved.'))}
              onTakeCurrent={takeCurrent}
            />
          </section>
          <section className={styles.section} aria-labelledby="project-meteo">
            <h3 id="project-meteo" className={styles.sectionTitle}>
              {t('Météo', 'Weather')}
            </h3>
            <ProjectMeteo project={project} names={names} fields={fields} today={today} onSaved={saved(t('Météo déclarée.', 'Weather declared.'))} onTakeCurrent={takeCurrent} />
          </section>
        </div>
      </div>

      <section className={styles.section} aria-labelledby="project-milestones">
        <h3 id="project-milestones" className={styles.sectionTitle}>
          {t(`Jalons (${current.milestones.length})`, `Milestones (${current.milestones.length})`)}
        </h3>
        <ProjectMilestones
          milestones={current.milestones}
          names={names}
          people={choices.people}
          onSaved={(m) => {
            setState((s) => (s ? { ...s, milestones: s.milestones.map((x) => (x.id === m.id ? m : x)) } : s));
            setNotice(t('Jalon enregistré.', 'Milestone saved.'));
            onChanged?.();
            void refresh();
          }}
          onTakeCurrent={(m) => {
            setState((s) => (s ? { ...s, milestones: s.milestones.map((x) => (x.id === m.id ? m : x)) } : s));
            setNotice(t('Version actuelle du jalon affichée : vos modifications ont été abandonnées.', 'Current version of the milestone shown: your changes were dropped.'));
            void refresh();
          }}
        />
      </section>
    </article>
  );
}
