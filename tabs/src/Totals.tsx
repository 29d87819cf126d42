// A level's key figures as tiles: the plan's totals above the ambitions, or one ambition's
// or objective's figures when the dashboard is drilled down.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { Figures } from './api.ts';
import { formatEuros, formatNumber, formatPercent } from './format.ts';
import { useT } from './i18n.tsx';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 9rem), 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
  },
  tile: {
    display: 'flex',
    flexDirection: 'column-reverse',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  danger: { color: tokens.colorPaletteRedForeground1 },
});

export function Totals({
  totals,
  label,
  progressTerm,
}: {
  /** The plan's totals carry its numbers of ambitions and objectives; a level's figures do not. */
  totals: Figures & { ambitions?: number; objectives?: number };
  /** The list's accessible name; « Totaux du plan » by default. */
  label?: string;
  progressTerm?: string;
}) {
  const styles = useStyles();
  const t = useT();
  const items: Array<{ key: string; term: string; value: string; danger?: boolean }> = [
    { key: 'progress', term: progressTerm ?? t('Avancement du plan', 'Plan progress'), value: formatPercent(totals.progress) },
    ...(totals.ambitions !== undefined ? [{ key: 'ambitions', term: t('Ambitions', 'Ambitions'), value: formatNumber(totals.ambitions) }] : []),
    ...(totals.objectives !== undefined ? [{ key: 'objectives', term: t('Objectifs', 'Objectives'), value: formatNumber(totals.objectives) }] : []),
    { key: 'projects', term: t('Projets', 'Projects'), value: formatNumber(totals.projects) },
    { key: 'milestones', term: t('Jalons', 'Milestones'), value: formatNumber(totals.milestones) },
    { key: 'late', term: t('Jalons en retard', 'Late milestones'), value: formatNumber(totals.late), danger: totals.late > 0 },
    { key: 'budget', term: t('Budget prévu', 'Planned budget'), value: formatEuros(totals.budget) },
  ];
  return (
    <dl className={styles.list} aria-label={label ?? t('Totaux du plan', 'Plan totals')}>
      {items.map((i) => (
        <div key={i.key} className={styles.tile} data-figure={i.key}>
          <dd className={`${styles.value} ${i.danger ? styles.danger : ''}`}>{i.value}</dd>
          <dt className={styles.term}>{i.term}</dt>
        </div>
      ))}
    </dl>
  );
}
