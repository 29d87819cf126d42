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
import { formatNumber, plural } from './format.ts';

const SHOWN = 300;
const KINDS: Record<string, string> = {
  plan: 'Plan',
  ambition: 'Ambition',
  objective: 'Objectif',
  project: 'Projet',
  milestone: 'Jalon',
  person: 'Personne',
  tenant: 'Collectivité',
};
const ACTIONS: Record<string, string> = { create: 'Création', update: 'Modification', vanished: 'Absent du fichier' };

const useStyles = makeStyles({ scroller: { maxHeight: '28rem', overflowY: 'auto' } });

export function ChangeList({ changes }: { changes: ImportChange[] }) {
  const styles = useStyles();
  if (changes.length === 0) return null;
  return (
    <Accordion collapsible>
      <AccordionItem value="changes">
        <AccordionHeader as="h4">Détail des changements : {plural(changes.length, 'changement')}</AccordionHeader>
        <AccordionPanel>
          <div className={styles.scroller} tabIndex={0} role="region" aria-label="Détail des changements">
            <Table size="extra-small" aria-label="Changements">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Ligne</TableHeaderCell>
                  <TableHeaderCell scope="col">Type</TableHeaderCell>
                  <TableHeaderCell scope="col">Action</TableHeaderCell>
                  <TableHeaderCell scope="col">Titre</TableHeaderCell>
                  <TableHeaderCell scope="col">Champs modifiés</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {changes.slice(0, SHOWN).map((c, n) => (
                  <TableRow key={n}>
                    <TableCell>{c.row ?? '—'}</TableCell>
                    <TableCell>{KINDS[c.kind] ?? c.kind}</TableCell>
                    <TableCell>{ACTIONS[c.action] ?? c.action}</TableCell>
                    <TableCell>{c.title}</TableCell>
                    <TableCell>{c.action === 'update' ? (c.fields ?? []).map((f) => f.field).join(', ') : ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {changes.length > SHOWN && <p>… et {formatNumber(changes.length - SHOWN)} autres changements.</p>}
          </div>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
