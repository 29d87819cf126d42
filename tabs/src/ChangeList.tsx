// What the import would change, record by record (the first ones when there are many).
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from '@fluentui/react-components';
import type { ImportChange } from './api.ts';
import { formatNumber } from './format.ts';
import { useT, type Translate } from './i18n.tsx';
import { counted } from './labels.ts';

const SHOWN = 300;
const KINDS: Record<string, (t: Translate) => string> = {
  plan: (t) => t('Plan', 'Plan'),
  ambition: (t) => t('Ambition', 'Ambition'),
  objective: (t) => t('Objectif', 'Objective'),
  project: (t) => t('Projet', 'Project'),
  milestone: (t) => t('Jalon', 'Milestone'),
  person: (t) => t('Personne', 'Person'),
  tenant: (t) => t('Collectivité', 'Local authority'),
};
const ACTIONS: Record<string, (t: Translate) => string> = {
  create: (t) => t('Création', 'Created'),
  update: (t) => t('Modification', 'Changed'),
  vanished: (t) => t('Absent du fichier', 'Not in the file'),
};

const useStyles = makeStyles({ scroller: { maxHeight: '28rem', overflowY: 'auto' } });

export function ChangeList({ changes }: { changes: ImportChange[] }) {
  const styles = useStyles();
  const t = useT();
  if (changes.length === 0) return null;
  return (
    <Accordion collapsible>
      <AccordionItem value="changes">
        <AccordionHeader as="h4">
          {t(
            `Détail des changements : ${counted(t, changes.length, 'changement', 'change')}`,
            `Changes in detail: ${counted(t, changes.length, 'changement', 'change')}`,
          )}
        </AccordionHeader>
        <AccordionPanel>
          <div className={styles.scroller} tabIndex={0} role="region" aria-label={t('Détail des changements', 'Changes in detail')}>
            <Table size="extra-small" aria-label={t('Changements', 'Changes')}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('Ligne', 'Row')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('Type', 'Kind')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('Action', 'Action')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('Titre', 'Title')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('Champs modifiés', 'Changed fields')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {changes.slice(0, SHOWN).map((c, n) => (
                  <TableRow key={n}>
                    <TableCell>{c.row ?? '—'}</TableCell>
                    <TableCell>{KINDS[c.kind]?.(t) ?? c.kind}</TableCell>
                    <TableCell>{ACTIONS[c.action]?.(t) ?? c.action}</TableCell>
                    <TableCell>{c.title}</TableCell>
                    <TableCell>{c.action === 'update' ? (c.fields ?? []).map((f) => f.field).join(', ') : ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {changes.length > SHOWN && (
              <p>
                {t(
                  `… et ${formatNumber(changes.length - SHOWN)} autres changements.`,
                  `… and ${formatNumber(changes.length - SHOWN)} more changes.`,
                )}
              </p>
            )}
          </div>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
