// Matrice: the ambition × direction table; a chosen cell lists its projects below it.
import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import type { Dashboard } from './api.ts';
import { HealthBadge } from './HealthBadge.tsx';
import { NONE, type Labels } from './labels.ts';
import { MatrixTable, type MatrixSelection } from './MatrixTable.tsx';
import { ProjectList } from './ProjectList.tsx';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  legend: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', margin: 0, padding: 0, listStyleType: 'none' },
  empty: { color: tokens.colorNeutralForeground3 },
});

export function MatrixView({
  dashboard,
  planId,
  labels,
  selected,
  onSelect,
}: {
  dashboard: Dashboard;
  planId: string;
  labels: Labels;
  selected: MatrixSelection | null;
  onSelect(s: MatrixSelection): void;
}) {
  const styles = useStyles();
  const listHeading = useRef<HTMLHeadingElement>(null);
  const chosen = useRef(false);
  useEffect(() => {
    // After a click (not on a deep link), take focus to the list the click opened.
    if (selected && chosen.current) listHeading.current?.focus();
    chosen.current = false;
  }, [selected?.ambition, selected?.direction]);

  return (
    <section className={styles.root} aria-labelledby="matrix-title">
      <h2 id="matrix-title" className={styles.heading}>
        Matrice ambitions × directions
      </h2>
      <ul className={styles.legend} aria-label="Légende de la santé des cases">
        <li><HealthBadge health="critical" /> un projet à l’orage ou ≥ 25 % de jalons en retard</li>
        <li><HealthBadge health="watch" /> un projet nuageux, bloqué ou en retard, ou un jalon en retard</li>
        <li><HealthBadge health="good" /> aucun de ces signaux</li>
        <li><HealthBadge health="none" /> projets tous abandonnés</li>
      </ul>
      {dashboard.matrix.cells.length === 0 ? (
        <p className={styles.empty}>Aucun projet dans ce plan pour l’instant.</p>
      ) : (
        <MatrixTable
          dashboard={dashboard}
          labels={labels}
          selected={selected}
          onSelect={(s) => {
            chosen.current = true;
            onSelect(s);
          }}
        />
      )}
      {selected && (
        <section aria-labelledby="matrix-projects" className={styles.root}>
          <h3 id="matrix-projects" ref={listHeading} tabIndex={-1} className={styles.subheading}>
            Projets : {labels.ambition(selected.ambition)} × {labels.direction(selected.direction)}
          </h3>
          <ProjectList
            planId={planId}
            filters={{ ambition: selected.ambition, direction: selected.direction }}
            leadDirection={selected.direction === NONE ? null : selected.direction}
            labels={labels}
          />
        </section>
      )}
    </section>
  );
}
