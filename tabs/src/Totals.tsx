// The plan's totals, above the ambitions.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { Dashboard } from './api.ts';
import { formatEuros, formatNumber, formatPercent } from './format.ts';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(9rem, 1fr))',
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

export function Totals({ totals }: { totals: Dashboard['totals'] }) {
  const styles = useStyles();
  const items: Array<{ term: string; value: string; danger?: boolean }> = [
    { term: 'Avancement du plan', value: formatPercent(totals.progress) },
    { term: 'Ambitions', value: formatNumber(totals.ambitions) },
    { term: 'Objectifs', value: formatNumber(totals.objectives) },
    { term: 'Projets', value: formatNumber(totals.projects) },
    { term: 'Jalons', value: formatNumber(totals.milestones) },
    { term: 'Jalons en retard', value: formatNumber(totals.late), danger: totals.late > 0 },
    { term: 'Budget prévu', value: formatEuros(totals.budget) },
  ];
  return (
    <dl className={styles.list} aria-label="Totaux du plan">
      {items.map((i) => (
        <div key={i.term} className={styles.tile}>
          <dd className={`${styles.value} ${i.danger ? styles.danger : ''}`}>{i.value}</dd>
          <dt className={styles.term}>{i.term}</dt>
        </div>
      ))}
    </dl>
  );
}
