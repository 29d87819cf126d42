// Matrice: the ambition × direction table; a chosen cell lists its projects below it.
import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import type { Dashboard } from './api.ts';
import { HealthBadge } from './HealthBadge.tsx';
import { useT } from './i18n.tsx';
import { NONE, type Labels } from './labels.ts';
import { MatrixTable, type MatrixSelection } from './MatrixTable.tsx';
import { ProjectList } from './ProjectList.tsx';

const useStyles = makeStyles({
  // One column as wide as the page: a wide table scrolls inside its region, never widens the page.
  root: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingVerticalL, minWidth: 0 },
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
  const t = useT();
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
        {t('Matrice ambitions × directions', 'Ambitions × directions matrix')}
      </h2>
      <ul className={styles.legend} aria-label={t('Légende de la santé des cases', 'Legend of the cells’ health')}>
        <li>
          <HealthBadge health="critical" /> {t('un projet à l’orage ou ≥ 25 % de jalons en retard', 'a stormy project or ≥ 25% of milestones late')}
        </li>
        <li>
          <HealthBadge health="watch" />{' '}
          {t('un projet nuageux, bloqué ou en retard, ou un jalon en retard', 'a cloudy, blocked or late project, or a late milestone')}
        </li>
        <li>
          <HealthBadge health="good" /> {t('aucun de ces signaux', 'none of these signs')}
        </li>
        <li>
          <HealthBadge health="none" /> {t('projets tous abandonnés', 'all projects abandoned')}
        </li>
      </ul>
      {dashboard.matrix.cells.length === 0 ? (
        <p className={styles.empty}>{t('Aucun projet dans ce plan pour l’instant.', 'No project in this plan yet.')}</p>
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
            {t(
              `Projets : ${labels.ambition(selected.ambition)} × ${labels.direction(selected.direction)}`,
              `Projects: ${labels.ambition(selected.ambition)} × ${labels.direction(selected.direction)}`,
            )}
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
