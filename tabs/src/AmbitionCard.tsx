// One ambition: progress, météo counts, budget, late milestones, projects, objectives; its
// title opens the ambition's own view of the dashboard (its objectives and projects).
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Card,
  Link,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { PROJECT_STATUSES, type AmbitionSummary, type ObjectiveSummary } from './api.ts';
import { formatEuros, formatNumber } from './format.ts';
import { useT } from './i18n.tsx';
import { counted, statusLabel } from './labels.ts';
import { LateBadge } from './LateBadge.tsx';
import { MeteoCounts } from './MeteoCounts.tsx';
import { ObjectiveList } from './ObjectiveList.tsx';
import { ProgressFigure } from './ProgressFigure.tsx';

const useStyles = makeStyles({
  card: { gap: tokens.spacingVerticalM, height: '100%', boxSizing: 'border-box' },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase400,
    overflowWrap: 'anywhere',
  },
  link: { fontSize: 'inherit', fontWeight: 'inherit' },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  budget: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export function AmbitionCard({
  ambition,
  href,
  drillKey,
  objectiveHref,
  objectiveDrillKey,
}: {
  ambition: AmbitionSummary;
  /** The ambition's own view; the title is plain text without it. */
  href?: string;
  drillKey?: string;
  objectiveHref?: (o: ObjectiveSummary) => string;
  objectiveDrillKey?: (o: ObjectiveSummary) => string;
}) {
  const styles = useStyles();
  const t = useT();
  const statuses = PROJECT_STATUSES.filter((s) => ambition.statuses[s] > 0)
    .map((s) => `${statusLabel(s, t)} ${formatNumber(ambition.statuses[s])}`)
    .join(' · ');
  return (
    <Card className={styles.card} role="article" aria-label={ambition.title}>
      <h3 className={styles.title}>
        {href ? (
          <Link href={href} className={styles.link} data-drill={drillKey}>
            {ambition.title}
          </Link>
        ) : (
          ambition.title
        )}
      </h3>
      <ProgressFigure progress={ambition.progress} byBudget={ambition.progressByBudget} />
      <MeteoCounts meteo={ambition.meteo} />
      <div className={styles.row}>
        <span>
          {t('Budget prévu', 'Planned budget')} <span className={styles.budget}>{formatEuros(ambition.budget)}</span>
        </span>
        <LateBadge late={ambition.late} />
      </div>
      <div className={styles.row}>
        <span>{counted(t, ambition.projects, 'projet', 'project')}</span>
        {statuses && <span className={styles.muted}>{statuses}</span>}
      </div>
      {ambition.objectives.length > 0 && (
        <Accordion collapsible>
          <AccordionItem value="objectives">
            <AccordionHeader as="h4" size="small">
              {counted(t, ambition.objectives.length, 'objectif', 'objective')}
            </AccordionHeader>
            <AccordionPanel>
              <ObjectiveList objectives={ambition.objectives} hrefOf={objectiveHref} drillKeyOf={objectiveDrillKey} />
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      )}
    </Card>
  );
}
