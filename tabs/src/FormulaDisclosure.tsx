// « Comment est calculé l'avancement ? »: the formula the API publishes, sentence by sentence.
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, makeStyles, tokens } from '@fluentui/react-components';

const LABELS: Record<string, string> = {
  project: 'Projet',
  override: 'Avancement forcé',
  programme: 'Programme',
  objective: 'Objectif',
  ambition: 'Ambition',
  plan: 'Plan',
  direction: 'Direction',
  empty: 'Rien à moyenner',
  budget: 'Budget',
  late: 'Jalon en retard',
  meteo: 'Météo',
  health: 'Santé d’une case de la matrice',
  counts: 'Effectifs',
};

const useStyles = makeStyles({
  root: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  list: { margin: 0, display: 'grid', gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalM },
  term: { fontWeight: tokens.fontWeightSemibold },
  def: { margin: 0, maxWidth: '80ch' },
});

export function FormulaDisclosure({ formula }: { formula: { version: number; fr: Record<string, string> } }) {
  const styles = useStyles();
  const entries = Object.entries(formula.fr);
  if (entries.length === 0) return null;
  return (
    <Accordion collapsible className={styles.root}>
      <AccordionItem value="formula">
        <AccordionHeader as="h3">Comment est calculé l’avancement ?</AccordionHeader>
        <AccordionPanel>
          <dl className={styles.list}>
            {entries.map(([key, sentence]) => (
              <div key={key}>
                <dt className={styles.term}>{LABELS[key] ?? key}</dt>
                <dd className={styles.def}>{sentence}</dd>
              </div>
            ))}
          </dl>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
