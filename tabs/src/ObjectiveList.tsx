// An ambition's objectives (and their sub-objectives), each with its own figures.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { ObjectiveSummary } from './api.ts';
import { formatPercent, plural } from './format.ts';
import { MeteoCounts } from './MeteoCounts.tsx';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalS },
  title: { fontWeight: tokens.fontWeightSemibold },
  figures: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  late: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

export function ObjectiveList({ objectives }: { objectives: ObjectiveSummary[] }) {
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      {objectives.map((o) => (
        <li key={o.id}>
          <div className={styles.title}>{o.title}</div>
          <div className={styles.figures}>
            <span>Avancement {formatPercent(o.progress)}</span>
            <span>{plural(o.projects, 'projet')}</span>
            <span className={o.late > 0 ? styles.late : undefined}>{plural(o.late, 'jalon')} en retard</span>
            <MeteoCounts meteo={o.meteo} />
          </div>
          {o.objectives.length > 0 && <ObjectiveList objectives={o.objectives} />}
        </li>
      ))}
    </ul>
  );
}
