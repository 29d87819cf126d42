// The project's progress as the API computes it, and where it comes from: its milestones,
// its status (no milestone to weigh), or an override with its mandatory comment, the
// computed value staying visible beside it. The override is set and lifted here.
import { Button, Field, Input, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { updateProject, type ProjectDetail, type ProjectPatch, type ProjectRecord } from './api.ts';
import { ConflictPanel, conflictRows, useGuardedSave } from './ConflictPanel.tsx';
import { formatLongDate, formatPercent, plural } from './format.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { useLang, useT } from './i18n.tsx';
import { ProgressFigure } from './ProgressFigure.tsx';
import { applyPatch, patchKeys, type ProjectSectionProps } from './ProjectFields.tsx';
import { termOf } from './ProjectVocab.ts';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalM, minWidth: 0 },
  source: { margin: 0, overflowWrap: 'anywhere' },
  meta: { margin: 0, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  form: { display: 'grid', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  percent: { maxWidth: '10rem' },
});

export function ProjectProgress({
  project,
  names,
  fields,
  today,
  onSaved,
  onTakeCurrent,
}: ProjectSectionProps) {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const f = project.figures;
  const o = project.progressOverride;
  const [editing, setEditing] = useState(false);
  const [percent, setPercent] = useState('');
  const [comment, setComment] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const guard = useGuardedSave<ProjectRecord, ProjectPatch>(
    (etag, patch) => updateProject(project.id, etag, patch),
    (saved) => {
      setEditing(false);
      onSaved(saved as ProjectDetail);
    },
    (current) => {
      setEditing(false);
      onTakeCurrent(current);
    },
  );
  const rows = useMemo(() => {
    if (!guard.conflict) return [];
    const { patch, current } = guard.conflict;
    return conflictRows(fields, project, applyPatch(project, patch, today, null), current, patchKeys(patch));
  }, [guard.conflict, fields, project, today]);

  const source =
    f.source === 'override'
      ? t('Source : avancement forcé', 'Source: overridden progress')
      : f.source === 'milestones'
        ? t(`Source : calculé à partir des jalons (${plural(f.milestones, 'jalon')})`, `Source: computed from the milestones (${f.milestones})`)
        : t(
            `Source : le statut « ${termOf(lang, project.status)} » (aucun jalon stratégique à pondérer)`,
            `Source: the status "${termOf(lang, project.status)}" (no strategic milestone to weigh)`,
          );

  /** The override as the form holds it, or null (and a message) when the percentage is wrong. */
  const typed = (): ProjectPatch | null => {
    const n = Number(percent.replace(',', '.').replace(/[\s%]/g, ''));
    if (percent.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
      setLocalError(t('Un pourcentage entre 0 et 100 est attendu.', 'A percentage between 0 and 100 is expected.'));
      return null;
    }
    setLocalError(null);
    return { progressOverride: { value: n / 100, comment } };
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const patch = typed();
    if (patch) void guard.save(project.etag, patch);
  };
  // Over the current version: the form as it is now when it is open, else the refused patch (lifting).
  const keepMine = () => {
    if (!guard.conflict) return;
    const patch = editing ? typed() : guard.conflict.patch;
    if (patch) void guard.save(guard.conflict.current.etag, patch);
  };

  return (
    <div className={styles.root}>
      <ProgressFigure progress={f.progress} />
      <p className={styles.source} data-testid="progress-source">
        {source}
      </p>
      {f.overridden && (
        <p className={styles.meta}>
          {t(`Valeur calculée à partir des jalons : ${formatPercent(f.computed)}.`, `Value computed from the milestones: ${formatPercent(f.computed)}.`)}
          {o && ` ${t(`Forcé par ${names.person(o.byId)} le ${formatLongDate(o.at)} : « ${o.comment} »`, `Overridden by ${names.person(o.byId)} on ${formatLongDate(o.at)}: "${o.comment}"`)}`}
        </p>
      )}
      {f.late > 0 && <p className={styles.meta}>{t(`${plural(f.late, 'jalon')} en retard`, `${f.late} late milestone${f.late > 1 ? 's' : ''}`)}</p>}
      {guard.error && <ErrorNotice title={t('L’avancement n’a pas été enregistré', 'The progress was not saved')} message={guard.error} />}
      {guard.conflict && (
        <ConflictPanel
          what={t('ce projet', 'this project')}
          rows={rows}
          busy={guard.busy}
          onKeepMine={keepMine}
          onTakeCurrent={guard.takeCurrent}
        />
      )}
      {editing ? (
        <form className={styles.form} onSubmit={submit} noValidate aria-label={t('Forcer l’avancement', 'Override the progress')}>
          <Field
            label={t('Avancement forcé (%)', 'Overridden progress (%)')}
            required
            validationMessage={localError ?? guard.fieldErrors['progressOverride.value']}
          >
            <Input className={styles.percent} inputMode="decimal" value={percent} onChange={(_, d) => setPercent(d.value)} contentAfter="%" />
          </Field>
          <Field
            label={t('Commentaire (obligatoire)', 'Comment (required)')}
            required
            validationMessage={guard.fieldErrors['progressOverride.comment'] ?? guard.fieldErrors['progressOverride']}
          >
            <Textarea value={comment} resize="vertical" onChange={(_, d) => setComment(d.value)} />
          </Field>
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" disabled={guard.busy || guard.conflict !== null}>
              {t('Forcer l’avancement', 'Override the progress')}
            </Button>
            <Button
              onClick={() => {
                guard.reset();
                setEditing(false);
              }}
            >
              {t('Annuler', 'Cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <div className={styles.actions}>
          <Button
            onClick={() => {
              setPercent(f.progress === null ? '' : String(Math.round(f.progress * 100)));
              setComment(o?.comment ?? '');
              setEditing(true);
            }}
          >
            {o ? t('Changer l’avancement forcé', 'Change the override') : t('Forcer l’avancement', 'Override the progress')}
          </Button>
          {o && (
            <Button disabled={guard.busy || guard.conflict !== null} onClick={() => void guard.save(project.etag, { progressOverride: null })}>
              {t('Lever le forçage', 'Lift the override')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
