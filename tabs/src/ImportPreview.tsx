// The dry run's report: what the file holds, what would change, its errors and warnings.
import { MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import type { Ref } from 'react';
import type { ImportOutcome } from './api.ts';
import { ChangeList } from './ChangeList.tsx';
import { formatNumber, plural } from './format.ts';
import { IssueList } from './IssueList.tsx';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  figures: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, margin: 0, padding: 0, listStyleType: 'none' },
  figure: { fontSize: tokens.fontSizeBase400 },
  strong: { fontWeight: tokens.fontWeightSemibold },
  muted: { margin: 0, color: tokens.colorNeutralForeground3 },
});

/** « tet » and « profile:budget-participatif-paris » as people name them. */
function formatName(format: string): string {
  if (format === 'tet') return 'modèle Territoires en Transitions';
  if (format.startsWith('profile:')) return `profil de colonnes « ${format.slice('profile:'.length)} »`;
  return format;
}

export function ImportPreview({
  outcome,
  stored,
  headingRef,
}: {
  outcome: ImportOutcome;
  stored: boolean;
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const styles = useStyles();
  const { summary } = outcome;
  const errors = outcome.errors.length;
  return (
    <section className={styles.root} aria-labelledby="import-preview-title">
      <h3 id="import-preview-title" ref={headingRef} tabIndex={-1} className={styles.heading}>
        {stored ? 'Résultat de l’import' : 'Aperçu de l’import'}
      </h3>
      <MessageBar intent={errors > 0 ? 'error' : outcome.warnings.length > 0 ? 'warning' : 'success'} layout="multiline">
        <MessageBarBody>
          {errors > 0
            ? `${plural(errors, 'erreur')} : rien ne sera importé tant qu’${errors > 1 ? 'elles ne sont pas corrigées' : 'elle n’est pas corrigée'} dans le fichier.`
            : stored
              ? 'Le plan a été importé.'
              : `Aucune erreur${outcome.warnings.length > 0 ? ` (${plural(outcome.warnings.length, 'avertissement')})` : ''} : vous pouvez confirmer l’import.`}
        </MessageBarBody>
      </MessageBar>
      <ul className={styles.figures} aria-label="Contenu du fichier">
        <li className={styles.figure}>{plural(outcome.ambitions, 'ambition')}</li>
        <li className={styles.figure}>{plural(outcome.objectives, 'objectif')}</li>
        <li className={styles.figure}>{plural(outcome.projects, 'projet')}</li>
        <li className={styles.figure}>{plural(outcome.milestones, 'jalon')}</li>
      </ul>
      {outcome.format && <p className={styles.muted}>Format reconnu : {formatName(outcome.format)}</p>}
      {errors === 0 && (
        <ul className={styles.figures} aria-label="Changements">
          <li>
            <span className={styles.strong}>{formatNumber(summary.created)}</span> {summary.created > 1 ? 'créés' : 'créé'}
          </li>
          <li>
            <span className={styles.strong}>{formatNumber(summary.updated)}</span> {summary.updated > 1 ? 'modifiés' : 'modifié'}
          </li>
          <li>
            <span className={styles.strong}>{formatNumber(summary.unchanged)}</span> {summary.unchanged > 1 ? 'inchangés' : 'inchangé'}
          </li>
          <li>
            <span className={styles.strong}>{formatNumber(summary.vanished)}</span> {summary.vanished > 1 ? 'absents' : 'absent'} du fichier
          </li>
        </ul>
      )}
      <IssueList title="Erreurs" issues={outcome.errors} kind="error" />
      <IssueList title="Avertissements" issues={outcome.warnings} kind="warning" />
      <ChangeList changes={outcome.changes} />
    </section>
  );
}
