// The plan at a glance: the dashboard in a compact form (progress, météo counts, planned
// budget, late milestones, then each ambition's progress) and a link to the full one.
// Météo is counted per colour, never averaged.
import { Link, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import type { Dashboard, MeteoCounts } from '../api.ts';
import { formatEuros, formatNumber, formatPercent } from '../format.ts';
import { useT, type Translate } from '../i18n.tsx';
import { hrefFor } from '../route.ts';
import { visuallyHidden } from '../visuallyHidden.ts';
import type { PortalContext } from './sections.ts';
import { counted, METEO_ITEMS } from './words.ts';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalM, minWidth: 0 },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  figures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 10rem), 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
  },
  tile: {
    display: 'flex',
    flexDirection: 'column-reverse',
    justifyContent: 'flex-end',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  danger: { color: tokens.colorPaletteRedForeground1 },
  meteo: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, margin: 0, padding: 0, listStyleType: 'none' },
  meteoItem: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  ambitions: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 14rem), 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  ambition: {
    display: 'grid',
    gap: tokens.spacingVerticalXS,
    alignContent: 'start',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
    minWidth: 0,
  },
  ambitionTitle: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase300,
    overflowWrap: 'anywhere',
  },
  row: { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  strong: { fontWeight: tokens.fontWeightSemibold },
  hidden: visuallyHidden,
  placeholder: { height: '4px', backgroundColor: tokens.colorNeutralBackground5, borderRadius: tokens.borderRadiusSmall },
});

/** « ☀️ 4 · ⛅ 2 · ⛈ 1 · 3 sans météo », each count spoken in full. */
export function MeteoTally({ meteo, label }: { meteo: MeteoCounts; label: string }) {
  const styles = useStyles();
  const t = useT();
  const projects = (n: number) => counted(t, n, ['projet', 'projets'], ['project', 'projects']);
  return (
    <ul className={styles.meteo} aria-label={label}>
      {METEO_ITEMS.map((m) => (
        <li key={m.key} className={styles.meteoItem}>
          <span aria-hidden="true">{m.symbol}</span>
          <span aria-hidden="true">{formatNumber(meteo[m.key])}</span>
          <span className={styles.hidden}>{t(`${projects(meteo[m.key])} ${m.fr}`, `${projects(meteo[m.key])} ${m.en}`)}</span>
        </li>
      ))}
      {meteo.none > 0 && (
        <li className={`${styles.meteoItem} ${styles.muted}`}>{t(`${formatNumber(meteo.none)} sans météo`, `${formatNumber(meteo.none)} with no weather`)}</li>
      )}
    </ul>
  );
}

function lateText(t: Translate, late: number): string {
  if (late === 0) return t('aucun jalon en retard', 'no late milestone');
  const n = formatNumber(late);
  return t(`${n}\u00a0${late < 2 ? 'jalon' : 'jalons'} en retard`, `${n} late ${late === 1 ? 'milestone' : 'milestones'}`);
}

function AmbitionTile({ ambition }: { ambition: Dashboard['ambitions'][number] }) {
  const styles = useStyles();
  const t = useT();
  const title = ambition.id === null ? t('Sans ambition', 'No ambition') : ambition.title;
  return (
    <li className={styles.ambition}>
      <h3 className={styles.ambitionTitle}>
        {title}
      </h3>
      <div className={styles.row}>
        <span>
          {t('Avancement', 'Progress')} <span className={styles.strong}>{formatPercent(ambition.progress)}</span>
        </span>
        <span className={ambition.late > 0 ? styles.danger : styles.muted}>{lateText(t, ambition.late)}</span>
      </div>
      {ambition.progress === null ? (
        <div className={styles.placeholder} title={t('Aucun projet à moyenner', 'No project to average')} />
      ) : (
        <ProgressBar value={ambition.progress} max={1} thickness="large" aria-label={t(`Avancement de « ${title} »`, `Progress of “${title}”`)} aria-valuetext={formatPercent(ambition.progress)} />
      )}
      <MeteoTally meteo={ambition.meteo} label={t(`Météo des projets de « ${title} »`, `Weather of the projects of “${title}”`)} />
    </li>
  );
}

export function PlanAtAGlance({ planId, dashboard }: PortalContext) {
  const styles = useStyles();
  const t = useT();
  const headingId = useId();
  const totals = dashboard.totals;
  const figures: Array<{ key: string; term: string; value: string; danger?: boolean }> = [
    { key: 'progress', term: t('Avancement du plan', 'Plan progress'), value: formatPercent(totals.progress) },
    { key: 'projects', term: t('Projets', 'Projects'), value: formatNumber(totals.projects) },
    { key: 'budget', term: t('Budget prévu', 'Planned budget'), value: formatEuros(totals.budget) },
    { key: 'late', term: t('Jalons en retard', 'Late milestones'), value: formatNumber(totals.late), danger: totals.late > 0 },
  ];
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <div className={styles.head}>
        <h2 id={headingId} className={styles.heading}>
          {t('Le plan en bref', 'The plan at a glance')}
        </h2>
        <Link href={hrefFor('dashboard', { plan: planId })}>{t('Voir le tableau de bord complet', 'See the full dashboard')}</Link>
      </div>
      <dl className={styles.figures} aria-label={t('Chiffres clés du plan', 'Key figures of the plan')}>
        {figures.map((f) => (
          <div key={f.key} className={styles.tile}>
            <dd className={`${styles.value} ${f.danger ? styles.danger : ''}`} data-figure={f.key}>
              {f.value}
            </dd>
            <dt className={styles.term}>{f.term}</dt>
          </div>
        ))}
      </dl>
      <MeteoTally meteo={totals.meteo} label={t('Météo des projets du plan', 'Weather of the plan’s projects')} />
      {dashboard.ambitions.length === 0 ? (
        <p className={styles.muted}>{t('Ce plan n’a pas encore d’ambition.', 'This plan has no ambition yet.')}</p>
      ) : (
        <ul className={styles.ambitions} aria-label={t('Avancement des ambitions', 'Progress of the ambitions')}>
          {dashboard.ambitions.map((a) => (
            <AmbitionTile key={a.id ?? 'none'} ambition={a} />
          ))}
        </ul>
      )}
    </section>
  );
}
