// Projets: the filters (kept in the address, so a filtered list can be shared) and the list.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { ProjectFilters as Filters } from './api.ts';
import { useT } from './i18n.tsx';
import type { Labels } from './labels.ts';
import { ProjectFilters } from './ProjectFilters.tsx';
import { ProjectList } from './ProjectList.tsx';

const useStyles = makeStyles({
  // One column as wide as the page: a wide table scrolls inside its region, never widens the page.
  root: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingVerticalL, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export function ProjectsView({
  planId,
  labels,
  filters,
  onFilters,
}: {
  planId: string;
  labels: Labels;
  filters: Filters;
  onFilters(next: Filters): void;
}) {
  const styles = useStyles();
  const t = useT();
  return (
    <section className={styles.root} aria-labelledby="projects-title">
      <h2 id="projects-title" className={styles.heading}>
        {t('Projets', 'Projects')}
      </h2>
      <ProjectFilters filters={filters} labels={labels} onChange={onFilters} />
      <ProjectList planId={planId} filters={filters} labels={labels} />
    </section>
  );
}
