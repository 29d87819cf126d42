// Importer: choose a file, preview the dry run (counts, changes, errors by row), then
// confirm. Nothing is stored before « Confirmer l'import », and never a file with errors.
import {
  Button,
  Field,
  Input,
  Radio,
  RadioGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { errorMessage, importFile, type ImportOutcome, type Plan } from './api.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { useT } from './i18n.tsx';
import { ImportPreview } from './ImportPreview.tsx';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL, maxWidth: '60rem', minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  form: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
  },
  intro: { margin: 0, maxWidth: '70ch' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

type Target = 'new' | 'current';

export function ImportView({ currentPlan, onImported }: { currentPlan: Plan | null; onImported(planId: string): void }) {
  const styles = useStyles();
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [target, setTarget] = useState<Target>('new');
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [stored, setStored] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'confirm' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);

  // Any change of what would be imported makes the preview stale.
  const reset = () => {
    setOutcome(null);
    setStored(false);
    setError(null);
  };
  useEffect(() => {
    if (outcome) previewHeading.current?.focus();
  }, [outcome]);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'preview' : 'confirm');
    setError(null);
    try {
      const result = await importFile({
        file,
        dryRun,
        intoPlanId: target === 'current' && currentPlan ? currentPlan.id : null,
        planTitle: target === 'new' ? title : '',
      });
      setOutcome(result);
      setStored(!dryRun && result.errors.length === 0);
      const planId = result.planId ?? (target === 'current' ? currentPlan?.id : null);
      if (!dryRun && result.errors.length === 0 && planId) onImported(planId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const canConfirm = outcome !== null && !stored && outcome.errors.length === 0 && busy === null;

  return (
    <section className={styles.root} aria-labelledby="import-title">
      <h2 id="import-title" className={styles.heading}>
        {t('Importer un plan', 'Import a plan')}
      </h2>
      <p className={styles.intro}>
        {t(
          'Choisissez le fichier du plan (Excel .xlsx ou CSV). L’aperçu montre ce qui sera créé ou modifié et les erreurs à corriger, ligne par ligne ; rien n’est enregistré avant la confirmation.',
          'Choose the plan’s file (Excel .xlsx or CSV). The preview shows what will be created or changed and the errors to fix, row by row; nothing is stored before you confirm.',
        )}
      </p>
      <form
        className={styles.form}
        aria-label={t('Fichier à importer', 'File to import')}
        onSubmit={(e) => {
          e.preventDefault();
          void run(true);
        }}
      >
        <Field label={t('Fichier du plan (.xlsx ou .csv)', 'Plan file (.xlsx or .csv)')} required>
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              onChange={(e) => {
                setFile(e.currentTarget.files?.[0] ?? null);
                reset();
              }}
            />
          )}
        </Field>
        <RadioGroup
          aria-label={t('Destination de l’import', 'Where to import')}
          value={target}
          onChange={(_, data) => {
            setTarget(data.value as Target);
            reset();
          }}
        >
          <Radio value="new" label={t('Nouveau plan', 'New plan')} />
          <Radio
            value="current"
            disabled={!currentPlan}
            label={
              currentPlan
                ? t(`Réimporter dans le plan actuel : ${currentPlan.title}`, `Re-import into the current plan: ${currentPlan.title}`)
                : t('Réimporter dans le plan actuel (aucun plan)', 'Re-import into the current plan (no plan)')
            }
          />
        </RadioGroup>
        {target === 'new' && (
          <Field
            label={t('Titre du plan (facultatif)', 'Plan title (optional)')}
            hint={t('Par défaut, le titre que donne le fichier.', 'By default, the title the file gives.')}
          >
            <Input
              value={title}
              onChange={(_, data) => {
                setTitle(data.value);
                reset();
              }}
            />
          </Field>
        )}
        <div className={styles.actions}>
          <Button type="submit" appearance={outcome ? 'secondary' : 'primary'} disabled={!file || busy !== null}>
            {busy === 'preview' ? t('Aperçu en cours…', 'Previewing…') : t('Aperçu', 'Preview')}
          </Button>
          <Button appearance="primary" disabled={!canConfirm} onClick={() => void run(false)}>
            {busy === 'confirm' ? t('Import en cours…', 'Importing…') : t('Confirmer l’import', 'Confirm the import')}
          </Button>
        </div>
      </form>
      {error && <ErrorNotice title={t('L’import n’a pas abouti', 'The import failed')} message={error} />}
      {outcome && <ImportPreview outcome={outcome} stored={stored} headingRef={previewHeading} />}
    </section>
  );
}
