// One ambition: progress, météo counts, budget, late milestones, projects, objectives.
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Card,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { PROJECT_STATUSES, type AmbitionSummary } from './api.ts';
import { formatEuros, formatNumber, plural } from './format.ts';
import { LateBadge } from './LateBadge.tsx';
import { MeteoCounts } from './MeteoCounts.tsx';
import { ObjectiveList } from './ObjectiveList.tsx';
import { ProgressFigure } from './ProgressFigure.tsx';

const useStyles = makeStyles({
  card: { gap: tokens.spacingVerticalM, height: '100%', boxSizing: 'border-box' },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase400 },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  budget: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export function AmbitionCard({ ambition }: { ambition: AmbitionSummary }) {
  const styles = useStyles();
  const statuses = PROJECT_STATUSES.filter((s) => ambition.statuses[s] > 0)
    .map((s) => `${s} ${formatNumber(ambition.statuses[s])}`)
    .join(' · ');
  return (
    <Card className={styles.card} role="article" aria-label={ambition.title}>
      <h3 className={styles.title}>{ambition.title}</h3>
      <ProgressFigure progress={ambition.progress} byBudget={ambition.progressByBudget} />
      <MeteoCounts meteo={ambition.meteo} />
      <div className={styles.row}>
        <span>
          Budget prévu <span className={styles.budget}>{formatEuros(ambition.budget)}</span>
        </span>
        <LateBadge late={ambition.late} />
      </div>
      <div className={styles.row}>
        <span>{plural(ambition.projects, 'projet')}</span>
        {statuses && <span className={styles.muted}>{statuses}</span>}
      </div>
      {ambition.objectives.length > 0 && (
        <Accordion collapsible>
          <AccordionItem value="objectives">
            <AccordionHeader as="h4" size="small">
              {plural(ambition.objectives.length, 'objectif')}
            </AccordionHeader>
            <AccordionPanel>
              <ObjectiveList objectives={ambition.objectives} />
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      )}
    </Card>
  );
}
