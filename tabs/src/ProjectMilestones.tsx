// The project's milestones (jalons): dates (baseline, forecast, actual), state, completion,
// weight, strategic, owner, last update; each edited in place (PATCH with If-Match), with
// the same side-by-side comparison on a 412. The table scrolls inside its own focusable
// region at a phone's width, and the editor stays in view at its left edge.
import {
  Button,
  Checkbox,
  Field,
  Input,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { updateMilestone, type MilestonePatch, type MilestoneRecord } from './api.ts';
import { ConflictPanel, conflictRows, useGuardedSave, type FieldView } from './ConflictPanel.tsx';
import { formatLongDate, formatNumber, formatPercent } from './format.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { useLang, useT, type Lang, type Translate } from './i18n.tsx';
import { parseAmount } from './ProjectForm.tsx';
import type { Names } from './ProjectFields.tsx';
import { MILESTONE_STATES, termOf } from './ProjectVocab.ts';

export function milestoneFields(t: Translate, lang: Lang, names: Names): Array<FieldView<MilestoneRecord>> {
  return [
    { key: 'title', label: t('Jalon', 'Milestone'), show: (m) => m.title },
    { key: 'baselineDate', label: t('Date de référence', 'Baseline date'), show: (m) => formatLongDate(m.baselineDate) },
    { key: 'forecastDate', label: t('Date prévue', 'Forecast date'), show: (m) => formatLongDate(m.forecastDate) },
    { key: 'actualDate', label: t('Date réelle', 'Actual date'), show: (m) => formatLongDate(m.actualDate) },
    { key: 'state', label: t('État', 'State'), show: (m) => termOf(lang, m.state) },
    { key: 'completion', label: t('Achèvement', 'Completion'), show: (m) => formatPercent(m.completion) },
    { key: 'weight', label: t('Poids', 'Weight'), show: (m) => formatNumber(m.weight) },
    { key: 'strategic', label: t('Stratégique', 'Strategic'), show: (m) => (m.strategic ? t('oui', 'yes') : t('non', 'no')) },
    { key: 'ownerId', label: t('Responsable', 'Owner'), show: (m) => names.person(m.ownerId) },
    { key: 'comment', label: t('Commentaire', 'Comment'), show: (m) => m.lastUpdate?.comment || '—' },
  ];
}

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalS, minWidth: 0 },
  scroller: {
    overflowX: 'auto',
    // The editor below is sized on this region's visible width (cqi), not the table's.
    containerType: 'inline-size',
    maxWidth: '100%',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  table: { minWidth: '64rem', tableLayout: 'auto' },
  title: { minWidth: '14rem', fontWeight: tokens.fontWeightSemibold },
  nowrap: { whiteSpace: 'nowrap' },
  update: { minWidth: '12rem', overflowWrap: 'anywhere' },
  editorCell: { padding: 0 },
  // The editor keeps to the visible part of the scrolled table.
  editor: {
    position: 'sticky',
    left: 0,
    boxSizing: 'border-box',
    width: 'min(48rem, 100cqi)',
    display: 'grid',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  editorFields: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 12rem), 1fr))',
    gap: tokens.spacingVerticalS,
  },
  wide: { gridColumn: '1 / -1' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  empty: { margin: 0, color: tokens.colorNeutralForeground3 },
});

export function ProjectMilestones({
  milestones,
  names,
  people,
  onSaved,
  onTakeCurrent,
}: {
  milestones: MilestoneRecord[];
  names: Names;
  people: Array<{ id: string; name: string }>;
  onSaved(saved: MilestoneRecord): void;
  onTakeCurrent(current: MilestoneRecord): void;
}) {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const [editing, setEditing] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLElement>());
  const fields = useMemo(() => milestoneFields(t, lang, names), [t, lang, names]);

  const close = (id: string) => {
    setEditing(null);
    // Back to the row's button, so that the keyboard does not lose its place.
    requestAnimationFrame(() => buttons.current.get(id)?.focus());
  };

  if (milestones.length === 0) return <p className={styles.empty}>{t('Ce projet n’a pas de jalon.', 'This project has no milestone.')}</p>;
  return (
    <div className={styles.root}>
      <div className={styles.scroller} role="region" tabIndex={0} aria-label={t('Jalons du projet (défile horizontalement)', 'Project milestones (scrolls sideways)')}>
        <Table className={styles.table} size="small" aria-label={t('Jalons', 'Milestones')}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('Jalon', 'Milestone')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('Référence', 'Baseline')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('Prévue', 'Forecast')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('Réelle', 'Actual')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('État', 'State')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('Achèvement', 'Completion')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('Poids', 'Weight')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('Stratégique', 'Strategic')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('Responsable', 'Owner')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('Dernière mise à jour', 'Last update')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('Action', 'Action')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {milestones.map((m) => (
              <Fragment key={m.id}>
                <TableRow data-milestone={m.id}>
                  <TableCell className={styles.title}>{m.title}</TableCell>
                  <TableCell className={styles.nowrap}>{formatLongDate(m.baselineDate)}</TableCell>
                  <TableCell className={styles.nowrap}>{formatLongDate(m.forecastDate)}</TableCell>
                  <TableCell className={styles.nowrap}>{formatLongDate(m.actualDate)}</TableCell>
                  <TableCell className={styles.nowrap} data-field="state">{termOf(lang, m.state)}</TableCell>
                  <TableCell className={styles.nowrap} data-field="completion">{formatPercent(m.completion)}</TableCell>
                  <TableCell className={styles.nowrap}>{formatNumber(m.weight)}</TableCell>
                  <TableCell className={styles.nowrap}>{m.strategic ? t('oui', 'yes') : t('non', 'no')}</TableCell>
                  <TableCell>{names.person(m.ownerId)}</TableCell>
                  <TableCell className={styles.update}>
                    {m.lastUpdate
                      ? `${formatLongDate(m.lastUpdate.at)}, ${names.person(m.lastUpdate.byId)}${m.lastUpdate.comment ? ` : « ${m.lastUpdate.comment} »` : ''}`
                      : '—'}
                  </TableCell>
                  <TableCell>
                    <Button
                      size="small"
                      ref={(el) => {
                        if (el) buttons.current.set(m.id, el);
                        else buttons.current.delete(m.id);
                      }}
                      aria-expanded={editing === m.id}
                      aria-label={t(`Modifier le jalon « ${m.title} »`, `Edit milestone "${m.title}"`)}
                      onClick={() => setEditing(editing === m.id ? null : m.id)}
                    >
                      {t('Modifier', 'Edit')}
                    </Button>
                  </TableCell>
                </TableRow>
                {editing === m.id && (
                  <TableRow>
                    <TableCell colSpan={11} className={styles.editorCell}>
                      <MilestoneEditor
                        milestone={m}
                        fields={fields}
                        people={people}
                        onSaved={(saved) => {
                          onSaved(saved);
                          close(m.id);
                        }}
                        onTakeCurrent={(current) => {
                          onTakeCurrent(current);
                          close(m.id);
                        }}
                        onCancel={() => close(m.id)}
                      />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}

interface MilestoneDraft {
  title: string;
  baselineDate: string;
  forecastDate: string;
  actualDate: string;
  state: string;
  completion: string;
  weight: string;
  strategic: boolean;
  ownerId: string;
  comment: string;
}

function MilestoneEditor({
  milestone: m,
  fields,
  people,
  onSaved,
  onTakeCurrent,
  onCancel,
}: {
  milestone: MilestoneRecord;
  fields: Array<FieldView<MilestoneRecord>>;
  people: Array<{ id: string; name: string }>;
  onSaved(saved: MilestoneRecord): void;
  onTakeCurrent(current: MilestoneRecord): void;
  onCancel(): void;
}) {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const initial = { completion: String(Math.round(m.completion * 100)), weight: String(m.weight).replace('.', ',') };
  const [d, setD] = useState<MilestoneDraft>(() => ({
    title: m.title,
    baselineDate: m.baselineDate ?? '',
    forecastDate: m.forecastDate ?? '',
    actualDate: m.actualDate ?? '',
    state: m.state,
    completion: initial.completion,
    weight: initial.weight,
    strategic: m.strategic,
    ownerId: m.ownerId ?? '',
    comment: '',
  }));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const first = useRef<HTMLInputElement>(null);
  // Opened from the row's button (maybe far right in the scrolled table): into the editor.
  useEffect(() => first.current?.focus(), []);
  const guard = useGuardedSave<MilestoneRecord, MilestonePatch>((etag, patch) => updateMilestone(m.id, etag, patch), onSaved, onTakeCurrent);
  const set = <K extends keyof MilestoneDraft>(k: K, v: MilestoneDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const label = (key: string) => fields.find((f) => f.key === key)?.label ?? key;
  const props = (key: string) => {
    const message = localErrors[key] ?? guard.fieldErrors[key];
    return { label: label(key), validationMessage: message, validationState: message ? ('error' as const) : ('none' as const) };
  };

  /** The draft's changes (what a save sends), or the fields typed wrong. */
  const changes = (): { patch: MilestonePatch; errors: Record<string, string> } => {
    const errors: Record<string, string> = {};
    const patch: Record<string, unknown> = {};
    const completion = parseAmount(d.completion.replace('%', ''));
    if (completion === undefined || completion === null || completion > 100)
      errors.completion = t('Un pourcentage entre 0 et 100 est attendu.', 'A percentage between 0 and 100 is expected.');
    const weight = parseAmount(d.weight);
    if (weight === undefined || weight === null || weight <= 0) errors.weight = t('Un nombre positif est attendu.', 'A positive number is expected.');
    const orNull = (s: string) => (s === '' ? null : s);
    if (d.title !== m.title) patch.title = d.title;
    if (m.baselineDate === null && d.baselineDate !== '') patch.baselineDate = d.baselineDate;
    if (orNull(d.forecastDate) !== m.forecastDate) patch.forecastDate = orNull(d.forecastDate);
    if (orNull(d.actualDate) !== m.actualDate) patch.actualDate = orNull(d.actualDate);
    if (d.state !== m.state) patch.state = d.state;
    // Compared as typed: an untouched 33 % stays the stored 0.333…
    if (completion != null && d.completion.trim() !== initial.completion) patch.completion = completion / 100;
    if (weight != null && d.weight.trim() !== initial.weight) patch.weight = weight;
    if (d.strategic !== m.strategic) patch.strategic = d.strategic;
    if (orNull(d.ownerId) !== m.ownerId) patch.ownerId = orNull(d.ownerId);
    if (d.comment.trim() !== '') patch.comment = d.comment.trim();
    return { patch: patch as MilestonePatch, errors };
  };

  // « Your version » is the draft as it is now: it may still be edited while the conflict shows.
  const rows = (() => {
    if (!guard.conflict) return [];
    const { comment, ...plain } = changes().patch;
    const mine: MilestoneRecord = { ...m, ...(plain as Partial<MilestoneRecord>) };
    if (comment !== undefined) mine.lastUpdate = { byId: null, at: new Date().toISOString(), comment };
    return conflictRows(fields, m, mine, guard.conflict.current, new Set(Object.keys(changes().patch)));
  })();

  const send = (etag: string) => {
    const { patch, errors } = changes();
    setLocalErrors(errors);
    if (Object.keys(errors).length) return;
    if (Object.keys(patch).length === 0) return onCancel();
    void guard.save(etag, patch);
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    send(m.etag);
  };

  return (
    <form
      className={styles.editor}
      onSubmit={submit}
      noValidate
      aria-label={t(`Modifier le jalon « ${m.title} »`, `Edit milestone "${m.title}"`)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !guard.busy) onCancel();
      }}
    >
      {guard.error && <ErrorNotice title={t('Le jalon n’a pas été enregistré', 'The milestone was not saved')} message={guard.error} />}
      {guard.conflict && (
        <ConflictPanel
          what={t('ce jalon', 'this milestone')}
          rows={rows}
          busy={guard.busy}
          onKeepMine={() => guard.conflict && send(guard.conflict.current.etag)}
          onTakeCurrent={guard.takeCurrent}
        />
      )}
      <div className={styles.editorFields}>
        <Field {...props('title')} className={styles.wide} required>
          <Input ref={first} value={d.title} onChange={(_, v) => set('title', v.value)} />
        </Field>
        <Field {...props('state')}>
          <Select value={d.state} onChange={(_, v) => set('state', v.value)}>
            {MILESTONE_STATES.map((s) => (
              <option key={s} value={s}>
                {termOf(lang, s)}
              </option>
            ))}
          </Select>
        </Field>
        <Field {...props('completion')} label={`${label('completion')} (%)`} hint={d.state === 'Atteint' ? t('Atteint : 100 %', 'Reached: 100 %') : undefined}>
          <Input inputMode="decimal" value={d.completion} onChange={(_, v) => set('completion', v.value)} contentAfter="%" />
        </Field>
        <Field
          {...props('baselineDate')}
          hint={m.baselineDate ? t('Fixée une fois pour toutes : changez la date prévue.', 'Set once and for all: change the forecast date.') : undefined}
        >
          <Input type="date" value={d.baselineDate} disabled={m.baselineDate !== null} onChange={(_, v) => set('baselineDate', v.value)} />
        </Field>
        <Field {...props('forecastDate')}>
          <Input type="date" value={d.forecastDate} onChange={(_, v) => set('forecastDate', v.value)} />
        </Field>
        <Field {...props('actualDate')}>
          <Input type="date" value={d.actualDate} onChange={(_, v) => set('actualDate', v.value)} />
        </Field>
        <Field {...props('weight')}>
          <Input inputMode="decimal" value={d.weight} onChange={(_, v) => set('weight', v.value)} />
        </Field>
        <Field {...props('ownerId')}>
          <Select value={d.ownerId} onChange={(_, v) => set('ownerId', v.value)}>
            <option value="">{t('Personne', 'Nobody')}</option>
            {d.ownerId !== '' && !people.some((p) => p.id === d.ownerId) && <option value={d.ownerId}>{d.ownerId}</option>}
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Checkbox checked={d.strategic} onChange={(_, v) => set('strategic', v.checked === true)} label={label('strategic')} />
        <Field {...props('comment')} className={styles.wide} hint={t('Noté dans la dernière mise à jour, avec votre nom et la date.', 'Recorded in the last update, with your name and the date.')}>
          <Textarea value={d.comment} resize="vertical" onChange={(_, v) => set('comment', v.value)} />
        </Field>
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={guard.busy || guard.conflict !== null}>
          {guard.busy ? t('Enregistrement…', 'Saving…') : t('Enregistrer le jalon', 'Save the milestone')}
        </Button>
        <Button onClick={onCancel} disabled={guard.busy}>
          {t('Annuler', 'Cancel')}
        </Button>
      </div>
    </form>
  );
}
