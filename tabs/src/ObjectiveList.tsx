// An ambition's objectives (and their sub-objectives), each with its own figures; with
// `hrefOf`, each title is a link that drills the dashboard down to that objective.
import { Link, makeStyles, tokens } from '@fluentui/react-components';
import type { ObjectiveSummary } from './api.ts';
import { formatPercent } from './format.ts';
import { useT } from './i18n.tsx';
import { counted } from './labels.ts';
import { lateText } from './LateBadge.tsx';
import { MeteoCounts } from './MeteoCounts.tsx';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalS },
  title: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  figures: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  late: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

export function ObjectiveList({
  objectives,
  hrefOf,
  drillKeyOf,
  label,
}: {
  objectives: ObjectiveSummary[];
  /** The address of an objective's own view; no link without it. */
  hrefOf?: (o: ObjectiveSummary) => string;
  /** Marks each link with the view it opens, for focus to come back to it. */
  drillKeyOf?: (o: ObjectiveSummary) => string;
  label?: string;
}) {
  const styles = useStyles();
  const t = useT();
  return (
    <ul className={styles.list} aria-label={label}>
      {objectives.map((o) => (
        <li key={o.id}>
          <div className={styles.title}>
            {hrefOf ? (
              <Link href={hrefOf(o)} data-drill={drillKeyOf?.(o)}>
                {o.title}
              </Link>
            ) : (
              o.title
            )}
          </div>
          <div className={styles.figures}>
            <span>
              {t('Avancement', 'Progress')} {formatPercent(o.progress)}
            </span>
            <span>{counted(t, o.projects, 'projet', 'project')}</span>
            <span className={o.late > 0 ? styles.late : undefined}>{lateText(t, o.late)}</span>
            <MeteoCounts meteo={o.meteo} />
          </div>
          {o.objectives.length > 0 && <ObjectiveList objectives={o.objectives} hrefOf={hrefOf} drillKeyOf={drillKeyOf} />}
        </li>
      ))}
    </ul>
  );
}
