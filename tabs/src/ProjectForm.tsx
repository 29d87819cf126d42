// The project's form: every field the API lets one change, in the groups of the read view,
// one column at a phone's width. It sends only what changed (PATCH with the version read,
// If-Match); a 412 shows both versions side by side (ConflictPanel).
import {
  Button,
  Field,
  Input,
  Select,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useMemo, useState } from 'react';
import { updateProject, type ProjectDetail, type ProjectPatch, type ProjectRecord } from './api.ts';
import { ConflictPanel, conflictRows, useGuardedSave } from './ConflictPanel.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { useLang, useT } from './i18n.tsx';
import { applyPatch, FORM_GROUPS, patchKeys, type FieldGroup, type ProjectField } from './ProjectFields.tsx';
import { MultiPicker } from './ProjectPicker.tsx';
import { PRIORITIES, PROJECT_PHASES, PROJECT_STATUSES, termOf } from './ProjectVocab.ts';

export interface Choices {
  ambitions: Array<{ id: string; title: string }>;
  /** Objectives of the plan, sub-objectives after their parent; ambitionId null: under no ambition. */
  objectives: Array<{ id: string; title: string; ambitionId: string | null; depth: number }>;
  directions: Array<{ id: string; name: string }>;
  people: Array<{ id: string; name: string }>;
}

export interface Draft {
  title: string;
  description: string;
  ambitionId: string;
  objectiveId: string;
  leadDirectionId: string;
  coDirectionIds: string[];
  ownerId: string;
  coOwnerIds: string[];
  eluId: string;
  partners: string;
  planned: string;
  funders: Array<{ name: string; amount: string }>;
  startDate: string;
  endDate: string;
  status: string;
  phase: string;
  priority: string;
  tags: string[];
}

const amountText = (n: number | null) => (n === null ? '' : String(n).replace('.', ','));

export function draftOf(p: ProjectRecord): Draft {
  return {
    title: p.title,
    description: p.description,
    ambitionId: p.ambitionId ?? '',
    objectiveId: p.objectiveId ?? '',
    leadDirectionId: p.leadDirectionId ?? '',
    coDirectionIds: [...p.coDirectionIds],
    ownerId: p.ownerId ?? '',
    coOwnerIds: [...p.coOwnerIds],
    eluId: p.eluId ?? '',
    partners: p.partners,
    planned: amountText(p.budget.planned),
    funders: p.budget.funders.map((f) => ({ name: f.name, amount: amountText(f.amount) })),
    startDate: p.startDate ?? '',
    endDate: p.endDate ?? '',
    status: p.status,
    phase: p.phase ?? '',
    priority: p.priority ?? '',
    tags: [...p.tags],
  };
}

/** « 1 234 567,50 € » → 1234567.5; '' → null; anything else → undefined (refused here). */
export function parseAmount(s: string): number | null | undefined {
  const bare = s.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (bare === '') return null;
  if (!/^\d+(\.\d+)?$/.test(bare)) return undefined;
  return Number(bare);
}

const orNull = (s: string) => (s === '' ? null : s);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The patch of what the draft changes in `p`, or the fields it cannot send (amounts that are no numbers). */
export function patchOf(d: Draft, p: ProjectRecord, bad: (field: string) => string): { patch: ProjectPatch; errors: Record<string, string> } {
  const patch: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  if (d.title !== p.title) patch.title = d.title;
  if (d.description !== p.description) patch.description = d.description;
  const objectiveChanged = orNull(d.objectiveId) !== p.objectiveId;
  const ambitionChanged = orNull(d.ambitionId) !== p.ambitionId;
  // With an objective, the API takes its ambition: sending both could only contradict it.
  if (objectiveChanged) patch.objectiveId = orNull(d.objectiveId);
  if (ambitionChanged && (d.objectiveId === '' || !objectiveChanged)) patch.ambitionId = orNull(d.ambitionId);
  if (orNull(d.leadDirectionId) !== p.leadDirectionId) patch.leadDirectionId = orNull(d.leadDirectionId);
  if (!same(d.coDirectionIds, p.coDirectionIds)) patch.coDirectionIds = d.coDirectionIds;
  if (orNull(d.ownerId) !== p.ownerId) patch.ownerId = orNull(d.ownerId);
  if (!same(d.coOwnerIds, p.coOwnerIds)) patch.coOwnerIds = d.coOwnerIds;
  if (orNull(d.eluId) !== p.eluId) patch.eluId = orNull(d.eluId);
  if (d.partners !== p.partners) patch.partners = d.partners;
  if (orNull(d.startDate) !== p.startDate) patch.startDate = orNull(d.startDate);
  if (orNull(d.endDate) !== p.endDate) patch.endDate = orNull(d.endDate);
  if (d.status !== p.status) patch.status = d.status;
  if (orNull(d.phase) !== p.phase) patch.phase = orNull(d.phase);
  if (orNull(d.priority) !== p.priority) patch.priority = orNull(d.priority);
  if (!same(d.tags, p.tags)) patch.tags = d.tags;

  const budget: Record<string, unknown> = {};
  const planned = parseAmount(d.planned);
  if (planned === undefined) errors['budget.planned'] = bad(d.planned);
  else if (planned !== p.budget.planned) budget.planned = planned;
  const funders = d.funders
    .filter((f) => f.name.trim() !== '' || f.amount.trim() !== '')
    .map((f, i) => {
      const amount = parseAmount(f.amount);
      if (amount === undefined) errors[`budget.funders.${i}.amount`] = bad(f.amount);
      return { name: f.name.trim(), amount: amount ?? null };
    });
  if (!same(funders, p.budget.funders.map((f) => ({ name: f.name, amount: f.amount })))) budget.funders = funders;
  if (Object.keys(budget).length) patch.budget = budget;
  return { patch: patch as ProjectPatch, errors };
}

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalL, minWidth: 0 },
  groups: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 20rem), 1fr))',
    gap: tokens.spacingVerticalL,
    minWidth: 0,
  },
  fieldset: {
    display: 'grid',
    // Long option texts (ambitions, objectives) must not widen the column: they are cut.
    gridTemplateColumns: 'minmax(0, 1fr)',
    '& .fui-Field': { gridTemplateColumns: 'minmax(0, 1fr)' },
    gap: tokens.spacingVerticalM,
    alignContent: 'start',
    margin: 0,
    padding: tokens.spacingVerticalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  legend: { padding: `0 ${tokens.spacingHorizontalXS}`, fontWeight: tokens.fontWeightSemibold },
  funder: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr) auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'end',
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export function ProjectForm({
  project,
  fields,
  choices,
  today,
  onSaved,
  onTakeCurrent,
  onCancel,
}: {
  project: ProjectDetail;
  fields: ProjectField[];
  choices: Choices;
  today: string;
  onSaved(saved: ProjectDetail): void;
  onTakeCurrent(current: ProjectRecord): void;
  onCancel(): void;
}) {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const [draft, setDraft] = useState<Draft>(() => draftOf(project));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const guard = useGuardedSave<ProjectRecord, ProjectPatch>(
    (etag, patch) => updateProject(project.id, etag, patch),
    (saved) => onSaved(saved as ProjectDetail),
    onTakeCurrent,
  );
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const errorOf = (key: string) =>
    localErrors[key] ??
    guard.fieldErrors[key] ??
    Object.entries({ ...localErrors, ...guard.fieldErrors }).find(([k]) => k.startsWith(`${key}.`))?.[1];

  const bad = useCallback((s: string) => t(`« ${s} » n’est pas un montant : un nombre en euros est attendu (1 234,50).`, `"${s}" is not an amount: a number of euros is expected (1234.50).`), [t]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const { patch, errors } = patchOf(draft, project, bad);
    setLocalErrors(errors);
    if (Object.keys(errors).length) return;
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    await guard.save(project.etag, patch);
  };

  // The draft as it is now (it may still be edited while the conflict shows): what « keep
  // my changes » sends, and what the comparison shows as « your version ».
  const live = useMemo(() => patchOf(draft, project, bad), [draft, project, bad]);
  const rows = useMemo(() => {
    if (!guard.conflict) return [];
    return conflictRows(fields, project, applyPatch(project, live.patch, today, null), guard.conflict.current, patchKeys(live.patch));
  }, [guard.conflict, fields, project, today, live]);
  const keepMine = () => {
    setLocalErrors(live.errors);
    if (guard.conflict && Object.keys(live.errors).length === 0) void guard.save(guard.conflict.current.etag, live.patch);
  };

  const objectives = choices.objectives.filter((o) => o.ambitionId === orNull(draft.ambitionId));
  const known = (id: string, xs: Array<{ id: string }>) => id === '' || xs.some((x) => x.id === id);
  const personOptions = choices.people.map((p) => ({ value: p.id, label: p.name }));
  const group = (g: FieldGroup) => {
    const info = FORM_GROUPS.find((x) => x.id === g)!;
    return lang === 'en' ? info.en : info.fr;
  };
  const label = (key: string) => fields.find((f) => f.key === key)?.label ?? key;
  const fieldProps = (key: string) => {
    const message = errorOf(key);
    return { label: label(key), validationMessage: message, validationState: message ? ('error' as const) : ('none' as const) };
  };
  const personSelect = (key: 'ownerId' | 'eluId') => (
    <Field {...fieldProps(key)}>
      <Select value={draft[key]} onChange={(_, d) => set(key, d.value)}>
        <option value="">{t('Personne', 'Nobody')}</option>
        {!known(draft[key], choices.people) && <option value={draft[key]}>{draft[key]}</option>}
        {choices.people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </Select>
    </Field>
  );

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label={t('Modifier la fiche projet', 'Edit the project')}>
      {guard.error && <ErrorNotice title={t('La fiche n’a pas été enregistrée', 'The project was not saved')} message={guard.error} />}
      {guard.conflict && (
        <ConflictPanel
          what={t('ce projet', 'this project')}
          rows={rows}
          busy={guard.busy}
          onKeepMine={keepMine}
          onTakeCurrent={guard.takeCurrent}
        />
      )}
      <div className={styles.groups}>
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{group('identity')}</legend>
          <Field {...fieldProps('title')} required>
            <Input value={draft.title} onChange={(_, d) => set('title', d.value)} />
          </Field>
          <Field {...fieldProps('description')}>
            <Textarea value={draft.description} resize="vertical" rows={5} onChange={(_, d) => set('description', d.value)} />
          </Field>
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{group('place')}</legend>
          <Field {...fieldProps('ambitionId')}>
            <Select
              value={draft.ambitionId}
              onChange={(_, d) => {
                const objective = choices.objectives.find((o) => o.id === draft.objectiveId);
                // An objective of another ambition cannot stay: the project leaves it.
                setDraft((x) => ({ ...x, ambitionId: d.value, objectiveId: objective && objective.ambitionId === orNull(d.value) ? x.objectiveId : '' }));
              }}
            >
              <option value="">{t('Sans ambition', 'No ambition')}</option>
              {!known(draft.ambitionId, choices.ambitions) && <option value={draft.ambitionId}>{draft.ambitionId}</option>}
              {choices.ambitions.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </Select>
          </Field>
          <Field {...fieldProps('objectiveId')}>
            <Select value={draft.objectiveId} onChange={(_, d) => set('objectiveId', d.value)}>
              <option value="">{t('Aucun objectif', 'No objective')}</option>
              {!known(draft.objectiveId, objectives) && <option value={draft.objectiveId}>{draft.objectiveId}</option>}
              {objectives.map((o) => (
                <option key={o.id} value={o.id}>
                  {`${'— '.repeat(o.depth)}${o.title}`}
                </option>
              ))}
            </Select>
          </Field>
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{group('people')}</legend>
          <Field {...fieldProps('leadDirectionId')}>
            <Select value={draft.leadDirectionId} onChange={(_, d) => set('leadDirectionId', d.value)}>
              <option value="">{t('Sans direction', 'No direction')}</option>
              {!known(draft.leadDirectionId, choices.directions) && <option value={draft.leadDirectionId}>{draft.leadDirectionId}</option>}
              {choices.directions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </Select>
          </Field>
          <MultiPicker
            label={label('coDirectionIds')}
            options={choices.directions.filter((d) => d.id !== draft.leadDirectionId).map((d) => ({ value: d.id, label: d.name }))}
            selected={draft.coDirectionIds}
            onChange={(v) => set('coDirectionIds', v)}
            validationMessage={errorOf('coDirectionIds')}
          />
          {personSelect('ownerId')}
          <MultiPicker
            label={label('coOwnerIds')}
            options={personOptions.filter((p) => p.value !== draft.ownerId)}
            selected={draft.coOwnerIds}
            onChange={(v) => set('coOwnerIds', v)}
            validationMessage={errorOf('coOwnerIds')}
          />
          {personSelect('eluId')}
          <Field {...fieldProps('partners')}>
            <Textarea value={draft.partners} resize="vertical" onChange={(_, d) => set('partners', d.value)} />
          </Field>
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{group('calendar')}</legend>
          <Field {...fieldProps('startDate')}>
            <Input type="date" value={draft.startDate} onChange={(_, d) => set('startDate', d.value)} />
          </Field>
          <Field {...fieldProps('endDate')}>
            <Input type="date" value={draft.endDate} onChange={(_, d) => set('endDate', d.value)} />
          </Field>
          <Field {...fieldProps('status')}>
            <Select value={draft.status} onChange={(_, d) => set('status', d.value)}>
              {PROJECT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {termOf(lang, s)}
                </option>
              ))}
            </Select>
          </Field>
          <Field {...fieldProps('phase')}>
            <Select value={draft.phase} onChange={(_, d) => set('phase', d.value)}>
              <option value="">{t('Non renseignée', 'Not set')}</option>
              {PROJECT_PHASES.map((s) => (
                <option key={s} value={s}>
                  {termOf(lang, s)}
                </option>
              ))}
            </Select>
          </Field>
          <Field {...fieldProps('priority')}>
            <Select value={draft.priority} onChange={(_, d) => set('priority', d.value)}>
              <option value="">{t('Non renseignée', 'Not set')}</option>
              {PRIORITIES.map((s) => (
                <option key={s} value={s}>
                  {termOf(lang, s)}
                </option>
              ))}
            </Select>
          </Field>
          <MultiPicker
            label={label('tags')}
            options={[]}
            selected={draft.tags}
            onChange={(v) => set('tags', v)}
            allowNew
            validationMessage={errorOf('tags')}
          />
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{group('budget')}</legend>
          <Field {...fieldProps('budget.planned')} hint={t('En euros, par exemple 1 234 567', 'In euros, for example 1234567')}>
            <Input inputMode="decimal" value={draft.planned} onChange={(_, d) => set('planned', d.value)} contentAfter="€" />
          </Field>
          {draft.funders.map((f, i) => (
            <div key={i} className={styles.funder} role="group" aria-label={t(`Financeur ${i + 1}`, `Funder ${i + 1}`)}>
              <Field label={t('Financeur', 'Funder')} validationMessage={errorOf(`budget.funders.${i}.name`)}>
                <Input value={f.name} onChange={(_, d) => set('funders', draft.funders.map((x, j) => (j === i ? { ...x, name: d.value } : x)))} />
              </Field>
              <Field label={t('Montant', 'Amount')} validationMessage={errorOf(`budget.funders.${i}.amount`)}>
                <Input inputMode="decimal" value={f.amount} onChange={(_, d) => set('funders', draft.funders.map((x, j) => (j === i ? { ...x, amount: d.value } : x)))} />
              </Field>
              <Button
                aria-label={t(`Retirer le financeur ${f.name || i + 1}`, `Remove funder ${f.name || i + 1}`)}
                onClick={() => set('funders', draft.funders.filter((_, j) => j !== i))}
              >
                {t('Retirer', 'Remove')}
              </Button>
            </div>
          ))}
          <div>
            <Button onClick={() => set('funders', [...draft.funders, { name: '', amount: '' }])}>{t('Ajouter un financeur', 'Add a funder')}</Button>
          </div>
        </fieldset>
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={guard.busy || guard.conflict !== null}>
          {guard.busy ? t('Enregistrement…', 'Saving…') : t('Enregistrer', 'Save')}
        </Button>
        <Button
          onClick={() => {
            guard.reset();
            onCancel();
          }}
          disabled={guard.busy}
        >
          {t('Annuler', 'Cancel')}
        </Button>
      </div>
    </form>
  );
}
