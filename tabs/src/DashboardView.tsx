// Tableau de bord: the plan's totals, how progress is computed, one card per ambition.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { Dashboard } from './api.ts';
import { AmbitionCard } from './AmbitionCard.tsx';
import { FormulaDisclosure } from './FormulaDisclosure.tsx';
import { Totals } from './Totals.tsx';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 22rem), 1fr))',
    gap: tokens.spacingHorizontalL,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  empty: { color: tokens.colorNeutralForeground3 },
});

export function DashboardView({ dashboard }: { dashboard: Dashboard }) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-labelledby="dashboard-title">
      <h2 id="dashboard-title" className={styles.heading}>
        Tableau de bord
      </h2>
      <Totals totals={dashboard.totals} />
      <FormulaDisclosure formula={dashboard.formula} />
      {dashboard.ambitions.length === 0 ? (
        <p className={styles.empty}>Ce plan n’a pas encore d’ambition.</p>
      ) : (
        <ul className={styles.grid} aria-label="Ambitions">
          {dashboard.ambitions.map((a) => (
            <li key={a.id ?? 'none'}>
              <AmbitionCard ambition={a} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
