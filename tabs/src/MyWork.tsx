// « Mon travail »: the caller's projects (owner or co-owner) and milestones due within 30
// days or late, each milestone with its update form (MyWorkMilestone.tsx). Read from
// GET /api/me/work, across the tenant's plans.
import { Badge, Link } from '@fluentui/react-components';
import { useId, useMemo } from 'react';
import { ErrorNotice } from './ErrorNotice.tsx';
import { formatDate, formatNumber, formatPercent } from './format.ts';
import { useT } from './i18n.tsx';
import { Loading } from './Loading.tsx';
import { hrefFor } from './route.ts';
import { MyWorkMilestone } from './MyWorkMilestone.tsx';
import type { PortalContext } from './portal/sections.ts';
import { getMyWork, type WorkProject } from './portal/workApi.ts';
import { METEO_ITEMS, projectStatusLabel } from './portal/words.ts';
import { useWorkStyles } from './portal/workStyles.ts';
import { useAsync } from './useAsync.ts';


function ProjectItem({ project, showPlan }: { project: WorkProject; showPlan: boolean }) {
  const styles = useWorkStyles();
  const t = useT();
  const meteo = project.meteo ? METEO_ITEMS.find((m) => m.key === project.meteo!.value) : undefined;
  return (
    <li className={styles.item} data-project-id={project.id}>
      <h4 className={styles.itemTitle}>
        <Link href={hrefFor('project', { plan: project.planId, id: project.id })}>{project.title}</Link>
      </h4>
      {showPlan && <p className={styles.context}>{project.planTitle}</p>}
      <div className={styles.badges}>
        <Badge appearance="tint" color={project.role === 'owner' ? 'brand' : 'informative'} shape="rounded">
          {project.role === 'owner' ? t('Pilote', 'Owner') : t('Co-pilote', 'Co-owner')}
        </Badge>
        <Badge appearance="outline" color="informative" shape="rounded">
          {projectStatusLabel(t, project.status)}
        </Badge>
      </div>
      <dl className={styles.facts}>
        <dt>{t('Avancement', 'Progress')}</dt>
        <dd>{formatPercent(project.figures.progress)}</dd>
        <dt>{t('Météo', 'Weather')}</dt>
        <dd>
          {meteo ? (
            <>
              <span aria-hidden="true">{meteo.symbol} </span>
              {t(meteo.fr, meteo.en)}
              {project.meteo?.date ? t(` (déclarée le ${formatDate(project.meteo.date)})`, ` (declared on ${formatDate(project.meteo.date)})`) : ''}
            </>
          ) : (
            t('pas encore déclarée', 'not declared yet')
          )}
        </dd>
        <dt>{t('Jalons en retard', 'Late milestones')}</dt>
        <dd className={project.figures.late > 0 ? styles.danger : undefined}>{formatNumber(project.figures.late)}</dd>
        {project.endDate && (
          <>
            <dt>{t('Fin prévue', 'Planned end')}</dt>
            <dd>{formatDate(project.endDate)}</dd>
          </>
        )}
      </dl>
    </li>
  );
}

export function MyWork({ onPlanChanged }: PortalContext) {
  const styles = useWorkStyles();
  const t = useT();
  const headingId = useId();
  const work = useAsync((signal) => getMyWork(signal), []);
  const data = work.data;
  // The plan's name beside each item only when the work spans several plans.
  const showPlan = useMemo(() => {
    if (!data) return false;
    return new Set([...data.projects.map((p) => p.planId), ...data.milestones.map((m) => m.planId)]).size > 1;
  }, [data]);

  const body = () => {
    if (work.status === 'error') return <ErrorNotice title={t('« Mon travail » n’a pas pu être chargé', '“My work” could not be loaded')} message={work.error} onRetry={work.reload} />;
    if (!data) return <Loading label={t('Chargement de votre travail…', 'Loading your work…')} />;
    if (!data.person) {
      return (
        <p className={styles.muted}>
          {t(
            'Jalon ne vous trouve pas parmi les personnes du plan : un administrateur de Jalon peut relier votre compte à votre nom. Vos projets et vos jalons s’afficheront ici.',
            'Jalon does not find you among the plan’s people: a Jalon administrator can link your account to your name. Your projects and milestones will show here.',
          )}
        </p>
      );
    }
    return (
      <>
        <section className={styles.group} aria-labelledby={`${headingId}-projects`}>
          <h3 id={`${headingId}-projects`} className={styles.subheading}>
            {t(`Mes projets (${formatNumber(data.projects.length)})`, `My projects (${formatNumber(data.projects.length)})`)}
          </h3>
          {data.projects.length === 0 ? (
            <p className={styles.muted}>{t('Vous ne pilotez aucun projet.', 'You own no project.')}</p>
          ) : (
            <ul className={styles.list} aria-label={t('Mes projets', 'My projects')}>
              {data.projects.map((p) => (
                <ProjectItem key={p.id} project={p} showPlan={showPlan} />
              ))}
            </ul>
          )}
        </section>
        <section className={styles.group} aria-labelledby={`${headingId}-milestones`}>
          <h3 id={`${headingId}-milestones`} className={styles.subheading}>
            {t(`Mes jalons (${formatNumber(data.milestones.length)})`, `My milestones (${formatNumber(data.milestones.length)})`)}
          </h3>
          <p className={styles.muted}>
            {t(
              `En retard, ou attendus d’ici le ${formatDate(data.until)}.`,
              `Late, or due by ${formatDate(data.until)}.`,
            )}
          </p>
          {data.milestones.length === 0 ? (
            <p className={styles.muted}>{t('Aucun jalon en retard ni attendu dans les 30 jours.', 'No milestone late or due within 30 days.')}</p>
          ) : (
            <ul className={styles.list} aria-label={t('Mes jalons', 'My milestones')}>
              {data.milestones.map((m) => (
                <MyWorkMilestone key={m.id} milestone={m} today={data.today} showPlan={showPlan} onSaved={onPlanChanged} />
              ))}
            </ul>
          )}
        </section>
      </>
    );
  };

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {t('Mon travail', 'My work')}
        {data?.person ? <span className={styles.muted}>{` · ${data.person.displayName}`}</span> : null}
      </h2>
      {body()}
    </section>
  );
}
