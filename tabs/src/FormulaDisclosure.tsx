// « Comment est calculé l'avancement ? »: the formula the API publishes, sentence by sentence,
// in the tab's language (French when the server sends no English).
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, makeStyles, tokens } from '@fluentui/react-components';
import { useLang, useT, type Translate } from './i18n.tsx';

const LABELS: Record<string, (t: Translate) => string> = {
  project: (t) => t('Projet', 'Project'),
  override: (t) => t('Avancement forcé', 'Overridden progress'),
  programme: (t) => t('Programme', 'Programme'),
  objective: (t) => t('Objectif', 'Objective'),
  ambition: (t) => t('Ambition', 'Ambition'),
  plan: (t) => t('Plan', 'Plan'),
  direction: (t) => t('Direction', 'Direction'),
  empty: (t) => t('Rien à moyenner', 'Nothing to average'),
  budget: (t) => t('Budget', 'Budget'),
  late: (t) => t('Jalon en retard', 'Late milestone'),
  meteo: (t) => t('Météo', 'Weather'),
  health: (t) => t('Santé d’une case de la matrice', 'Health of a matrix cell'),
  counts: (t) => t('Effectifs', 'Counts'),
};

const useStyles = makeStyles({
  root: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  list: { margin: 0, display: 'grid', gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalM },
  term: { fontWeight: tokens.fontWeightSemibold },
  def: { margin: 0, maxWidth: '80ch' },
});

export function FormulaDisclosure({ formula }: { formula: { version: number; fr: Record<string, string>; en?: Record<string, string> } }) {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const english = lang === 'en' && formula.en && Object.keys(formula.en).length > 0;
  const entries = Object.entries(english ? formula.en! : formula.fr);
  if (entries.length === 0) return null;
  return (
    <Accordion collapsible className={styles.root}>
      <AccordionItem value="formula">
        <AccordionHeader as="h3">{t('Comment est calculé l’avancement ?', 'How is progress computed?')}</AccordionHeader>
        <AccordionPanel>
          <dl className={styles.list} lang={english ? 'en' : 'fr'}>
            {entries.map(([key, sentence]) => (
              <div key={key}>
                <dt className={styles.term}>{LABELS[key]?.(t) ?? key}</dt>
                <dd className={styles.def}>{sentence}</dd>
              </div>
            ))}
          </dl>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
