// One of my milestones, with its update form inline: state, completion, forecast date and
// a comment, sent as PATCH /api/milestones/{id} with the version read (If-Match). When
// someone saved it meanwhile (412), the current version is shown and the owner chooses:
// apply their changes again over it, or keep it as it is.
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Milestone } from '../../plan/model.ts';
import { isLate } from '../../plan/rollup.ts';
import { errorMessage } from './api.ts';
import { formatDate, formatPercent } from './format.ts';
import { useT, type Translate } from './i18n.tsx';
import {
  MILESTONE_STATES,
  updateMilestone,
  type MilestoneChange,
  type MilestoneState,
  type WorkMilestone,
} from './portal/workApi.ts';
import { milestoneStateLabel } from './portal/words.ts';
import { useWorkStyles } from './portal/workStyles.ts';

const useStyles = makeStyles({
  form: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 10rem), 1fr))',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalS,
    minWidth: 0,
  },
  wide: { gridColumn: '1 / -1' },
  actions: { gridColumn: '1 / -1', display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  toggle: { justifySelf: 'start' },
  saved: { margin: 0, color: tokens.colorPaletteGreenForeground1 },
  conflict: { ':focus': { outlineStyle: 'none' } },
});

interface Draft {
  state: MilestoneState;
  /** Whole percent as typed. */
  completion: string;
  /** YYYY-MM-DD, '' for none. */
  forecastDate: string;
  comment: string;
}

const draftOf = (m: WorkMilestone): Draft => ({
  state: m.state,
  completion: String(Math.round(m.completion * 100)),
  forecastDate: m.forecastDate ?? '',
  comment: '',
});

/** The percent typed, or null when it is no whole number from 0 to 100. */
function percentOf(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 100 ? n : null;
}

/** What the draft changes on `base` (only what differs, and the comment when there is one). */
function changeFrom(base: WorkMilestone, draft: Draft): MilestoneChange {
  const change: MilestoneChange = {};
  if (draft.state !== base.state) change.state = draft.state;
  const pct = percentOf(draft.completion);
  if (pct !== null && pct !== Math.round(base.completion * 100)) change.completion = pct / 100;
  const forecast = draft.forecastDate || null;
  if (forecast !== base.forecastDate) change.forecastDate = forecast;
  if (draft.comment.trim()) change.comment = draft.comment.trim();
  return change;
}

/** Late by the roll-up's own rule, on the day the API judged. */
const lateOn = (m: WorkMilestone, today: string) =>
  isLate({ state: m.state, forecastDate: m.forecastDate, baselineDate: m.baselineDate } as Milestone, today);

function VersionFacts({ m, t }: { m: WorkMilestone; t: Translate }) {
  const styles = useWorkStyles();
  return (
    <dl className={styles.facts}>
      <dt>{t('État', 'State')}</dt>
      <dd>{milestoneStateLabel(t, m.state)}</dd>
      <dt>{t('Achèvement', 'Completion')}</dt>
      <dd>{formatPercent(m.completion)}</dd>
      <dt>{t('Date de référence', 'Baseline date')}</dt>
      <dd>{formatDate(m.baselineDate)}</dd>
      <dt>{t('Date prévue', 'Forecast date')}</dt>
      <dd>{formatDate(m.forecastDate)}</dd>
      {m.lastUpdate && (
        <>
          <dt>{t('Dernière mise à jour', 'Last update')}</dt>
          <dd>
            {formatDate(m.lastUpdate.at.slice(0, 10))}
            {/* Who, when it reads as someone (an e-mail), not an Entra object id. */}
            {m.lastUpdate.byId?.includes('@') ? t(` par ${m.lastUpdate.byId}`, ` by ${m.lastUpdate.byId}`) : ''}
            {m.lastUpdate.comment ? ` : « ${m.lastUpdate.comment} »` : ''}
          </dd>
        </>
      )}
    </dl>
  );
}

export function MyWorkMilestone({
  milestone,
  today,
  showPlan,
  onSaved,
}: {
  milestone: WorkMilestone;
  today: string;
  showPlan: boolean;
  onSaved(): void;
}) {
  const styles = useStyles();
  const work = useWorkStyles();
  const t = useT();
  const formId = useId();
  const [base, setBase] = useState(milestone);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(milestone));
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ current: WorkMilestone } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const conflictRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  const late = lateOn(base, today);
  const pctInvalid = percentOf(draft.completion) === null;
  const change = changeFrom(base, draft);
  const nothing = Object.keys(change).length === 0;
  const where = base.projectTitle ?? (base.objectiveTitle ? t(`Programme « ${base.objectiveTitle} »`, `Programme “${base.objectiveTitle}”`) : null);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
  };

  const save = async (on: WorkMilestone) => {
    const body = changeFrom(on, draft);
    if (Object.keys(body).length === 0) {
      // Someone else already made exactly these changes.
      setBase(on);
      setConflict(null);
      setDraft(draftOf(on));
      setOpen(false);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const outcome = await updateMilestone(on, body);
      if (outcome.kind === 'conflict') {
        setConflict({ current: outcome.current });
        return;
      }
      setBase(outcome.milestone);
      setDraft(draftOf(outcome.milestone));
      setConflict(null);
      setSaved(true);
      setOpen(false);
      toggleRef.current?.focus();
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!pctInvalid && !nothing && !saving) void save(base);
  };

  const keepCurrent = () => {
    if (!conflict) return;
    setBase(conflict.current);
    setDraft(draftOf(conflict.current));
    setConflict(null);
  };

  return (
    <li className={work.item} data-milestone-id={base.id}>
      <h4 className={work.itemTitle}>{base.title}</h4>
      {(where || showPlan) && <p className={work.context}>{[where, showPlan ? base.planTitle : null].filter(Boolean).join(' · ')}</p>}
      <div className={work.badges}>
        {late ? (
          <Badge appearance="filled" color="danger" shape="rounded">
            {t('En retard', 'Late')}
          </Badge>
        ) : (
          <Badge appearance="tint" color="warning" shape="rounded">
            {t('À échéance', 'Due soon')}
          </Badge>
        )}
        <Badge appearance="outline" color="informative" shape="rounded">
          {milestoneStateLabel(t, base.state)}
        </Badge>
      </div>
      <VersionFacts m={base} t={t} />
      {saved && (
        <p className={styles.saved} role="status">
          {t('Mise à jour enregistrée.', 'Update saved.')}
        </p>
      )}
      <Button
        ref={toggleRef}
        className={styles.toggle}
        appearance={open ? 'subtle' : 'secondary'}
        aria-expanded={open}
        aria-controls={open ? formId : undefined}
        onClick={() => {
          setOpen((o) => !o);
          setSaved(false);
        }}
      >
        {open ? t('Fermer la mise à jour', 'Close the update') : t('Mettre à jour', 'Update')}
        <span className={work.hidden}>{t(` « ${base.title} »`, ` “${base.title}”`)}</span>
      </Button>
      {open && (
        <form id={formId} className={styles.form} onSubmit={onSubmit} aria-label={t(`Mise à jour de « ${base.title} »`, `Update of “${base.title}”`)}>
          <Field label={t('État', 'State')} hint={draft.state === 'Atteint' ? t('« Atteint » met l’achèvement à 100 %.', '“Reached” sets completion to 100%.') : undefined}>
            <Select value={draft.state} onChange={(_, d) => set('state', d.value as MilestoneState)}>
              {MILESTONE_STATES.map((s) => (
                <option key={s} value={s}>
                  {milestoneStateLabel(t, s)}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label={t('Achèvement (%)', 'Completion (%)')}
            validationState={pctInvalid ? 'error' : 'none'}
            validationMessage={pctInvalid ? t('Un nombre entier de 0 à 100.', 'A whole number from 0 to 100.') : undefined}
          >
            <Input type="number" min={0} max={100} step={1} inputMode="numeric" value={draft.completion} onChange={(_, d) => set('completion', d.value)} />
          </Field>
          <Field label={t('Date prévue', 'Forecast date')}>
            <Input type="date" value={draft.forecastDate} onChange={(_, d) => set('forecastDate', d.value)} />
          </Field>
          <Field className={styles.wide} label={t('Commentaire', 'Comment')} hint={t('Noté avec votre nom et la date.', 'Recorded with your name and the date.')}>
            <Textarea value={draft.comment} resize="vertical" onChange={(_, d) => set('comment', d.value)} />
          </Field>
          {conflict && (
            <div className={`${styles.wide} ${styles.conflict}`} ref={conflictRef} tabIndex={-1}>
              <MessageBar intent="warning" layout="multiline" role="alert">
                <MessageBarBody>
                  <MessageBarTitle>{t('Modifié entre-temps', 'Changed meanwhile')}</MessageBarTitle>
                  {t(
                    'Quelqu’un a enregistré ce jalon depuis que vous l’avez ouvert ; rien de vos modifications n’est enregistré. Voici sa version actuelle :',
                    'Someone saved this milestone since you opened it; none of your changes is saved. Here is its current version:',
                  )}
                  <VersionFacts m={conflict.current} t={t} />
                </MessageBarBody>
                <MessageBarActions>
                  <Button appearance="primary" disabled={saving || pctInvalid} onClick={() => void save(conflict.current)}>
                    {t('Réappliquer mes modifications', 'Apply my changes again')}
                  </Button>
                  <Button onClick={keepCurrent}>{t('Garder la version actuelle', 'Keep the current version')}</Button>
                </MessageBarActions>
              </MessageBar>
            </div>
          )}
          {error && (
            <MessageBar className={styles.wide} intent="error" layout="multiline" role="alert">
              <MessageBarBody>
                <MessageBarTitle>{t('Non enregistré', 'Not saved')}</MessageBarTitle>
                {error}
              </MessageBarBody>
            </MessageBar>
          )}
          {!conflict && (
            <div className={styles.actions}>
              <Button type="submit" appearance="primary" disabled={saving || pctInvalid || nothing}>
                {saving ? t('Enregistrement…', 'Saving…') : t('Enregistrer', 'Save')}
              </Button>
              <Button
                onClick={() => {
                  setDraft(draftOf(base));
                  setOpen(false);
                  toggleRef.current?.focus();
                }}
              >
                {t('Annuler', 'Cancel')}
              </Button>
            </div>
          )}
        </form>
      )}
    </li>
  );
}
