// The dry run's report: what the file holds, what would change, its errors and warnings.
import { MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import type { Ref } from 'react';
import type { ImportOutcome } from './api.ts';
import { ChangeList } from './ChangeList.tsx';
import { formatNumber, plural } from './format.ts';
import { useT, type Translate } from './i18n.tsx';
import { IssueList } from './IssueList.tsx';
import { counted } from './labels.ts';

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
function formatName(t: Translate, format: string): string {
  if (format === 'tet') return t('modèle Territoires en Transitions', 'Territoires en Transitions template');
  if (format.startsWith('profile:')) {
    const name = format.slice('profile:'.length);
    return t(`profil de colonnes « ${name} »`, `column profile “${name}”`);
  }
  return format;
}

/** « 3 créés », « 1 modifié »…: French participles agree in number; English ones do not. */
const participle = (t: Translate, n: number, fr: string, en: string) => t(n > 1 ? `${fr}s` : fr, en);

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
  const t = useT();
  const { summary } = outcome;
  const errors = outcome.errors.length;
  return (
    <section className={styles.root} aria-labelledby="import-preview-title">
      <h3 id="import-preview-title" ref={headingRef} tabIndex={-1} className={styles.heading}>
        {stored ? t('Résultat de l’import', 'Import result') : t('Aperçu de l’import', 'Import preview')}
      </h3>
      <MessageBar intent={errors > 0 ? 'error' : outcome.warnings.length > 0 ? 'warning' : 'success'} layout="multiline">
        <MessageBarBody>
          {errors > 0
            ? t(
                `${plural(errors, 'erreur')} : rien ne sera importé tant qu’${errors > 1 ? 'elles ne sont pas corrigées' : 'elle n’est pas corrigée'} dans le fichier.`,
                `${counted(t, errors, 'erreur', 'error')}: nothing will be imported until ${errors > 1 ? 'they are' : 'it is'} fixed in the file.`,
              )
            : stored
              ? t('Le plan a été importé.', 'The plan was imported.')
              : t(
                  `Aucune erreur${outcome.warnings.length > 0 ? ` (${plural(outcome.warnings.length, 'avertissement')})` : ''} : vous pouvez confirmer l’import.`,
                  `No error${outcome.warnings.length > 0 ? ` (${counted(t, outcome.warnings.length, 'avertissement', 'warning')})` : ''}: you may confirm the import.`,
                )}
        </MessageBarBody>
      </MessageBar>
      <ul className={styles.figures} aria-label={t('Contenu du fichier', 'Contents of the file')}>
        <li className={styles.figure}>{counted(t, outcome.ambitions, 'ambition', 'ambition')}</li>
        <li className={styles.figure}>{counted(t, outcome.objectives, 'objectif', 'objective')}</li>
        <li className={styles.figure}>{counted(t, outcome.projects, 'projet', 'project')}</li>
        <li className={styles.figure}>{counted(t, outcome.milestones, 'jalon', 'milestone')}</li>
      </ul>
      {outcome.format && (
        <p className={styles.muted}>
          {t(`Format reconnu : ${formatName(t, outcome.format)}`, `Format recognised: ${formatName(t, outcome.format)}`)}
        </p>
      )}
      {errors === 0 && (
        <ul className={styles.figures} aria-label={t('Changements', 'Changes')}>
          <li>
            <span className={styles.strong}>{formatNumber(summary.created)}</span> {participle(t, summary.created, 'créé', 'created')}
          </li>
          <li>
            <span className={styles.strong}>{formatNumber(summary.updated)}</span> {participle(t, summary.updated, 'modifié', 'changed')}
          </li>
          <li>
            <span className={styles.strong}>{formatNumber(summary.unchanged)}</span> {participle(t, summary.unchanged, 'inchangé', 'unchanged')}
          </li>
          <li>
            <span className={styles.strong}>{formatNumber(summary.vanished)}</span>{' '}
            {t(`${summary.vanished > 1 ? 'absents' : 'absent'} du fichier`, 'not in the file')}
          </li>
        </ul>
      )}
      <IssueList title={t('Erreurs', 'Errors')} issues={outcome.errors} kind="error" />
      <IssueList title={t('Avertissements', 'Warnings')} issues={outcome.warnings} kind="warning" />
      <ChangeList changes={outcome.changes} />
    </section>
  );
}
