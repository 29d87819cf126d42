// A project's fields as the page reads them: one list of descriptors (label, how a value
// reads) that the read view, the conflict comparison and the tests share, and the read
// view itself, grouped as the form is.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { ProjectDetail, ProjectPatch, ProjectRecord } from './api.ts';
import type { FieldView } from './ConflictPanel.tsx';
import { formatEuros, formatLongDate, formatPercent } from './format.ts';
import { useLang, useT, type Lang, type Translate } from './i18n.tsx';
import { meteoOf, termOf } from './ProjectVocab.ts';

/** Names for the ids a project holds: from the plan's dashboard, the settings and the people. */
export interface Names {
  ambition(id: string | null): string;
  objective(id: string | null): string;
  direction(id: string | null): string;
  person(id: string | null): string;
}

export type FieldGroup = 'identity' | 'place' | 'people' | 'calendar' | 'budget' | 'declared';

/** What a section of the project page that saves the project (météo, progress) is given. */
export interface ProjectSectionProps {
  project: ProjectDetail;
  names: Names;
  fields: ProjectField[];
  today: string;
  onSaved(saved: ProjectDetail): void;
  onTakeCurrent(current: ProjectRecord): void;
}

export interface ProjectField extends FieldView<ProjectRecord> {
  group: FieldGroup;
  /** Long text: kept with its line breaks. */
  long?: boolean;
}

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '—');
const text = (s: string) => (s.trim() === '' ? '—' : s);

export function projectFields(t: Translate, lang: Lang, names: Names): ProjectField[] {
  return [
    { group: 'identity', key: 'title', label: t('Titre', 'Title'), show: (p) => p.title },
    { group: 'identity', key: 'description', label: t('Description', 'Description'), show: (p) => text(p.description), long: true },
    { group: 'place', key: 'ambitionId', label: t('Ambition', 'Ambition'), show: (p) => names.ambition(p.ambitionId) },
    {
      group: 'place',
      key: 'objectiveId',
      label: t('Objectif', 'Objective'),
      show: (p) => (p.objectiveId ? names.objective(p.objectiveId) : t('Aucun objectif', 'No objective')),
    },
    { group: 'people', key: 'leadDirectionId', label: t('Direction pilote', 'Lead direction'), show: (p) => names.direction(p.leadDirectionId) },
    {
      group: 'people',
      key: 'coDirectionIds',
      label: t('Directions associées', 'Co-directions'),
      show: (p) => list(p.coDirectionIds.map((d) => names.direction(d))),
    },
    { group: 'people', key: 'ownerId', label: t('Responsable', 'Owner'), show: (p) => names.person(p.ownerId) },
    { group: 'people', key: 'coOwnerIds', label: t('Co-responsables', 'Co-owners'), show: (p) => list(p.coOwnerIds.map((id) => names.person(id))) },
    { group: 'people', key: 'eluId', label: t('Élu référent', 'Elected official'), show: (p) => names.person(p.eluId) },
    { group: 'people', key: 'partners', label: t('Partenaires', 'Partners'), show: (p) => text(p.partners), long: true },
    { group: 'calendar', key: 'startDate', label: t('Début', 'Start'), show: (p) => formatLongDate(p.startDate) },
    { group: 'calendar', key: 'endDate', label: t('Fin', 'End'), show: (p) => formatLongDate(p.endDate) },
    { group: 'calendar', key: 'status', label: t('Statut', 'Status'), show: (p) => termOf(lang, p.status) },
    { group: 'calendar', key: 'phase', label: t('Phase', 'Phase'), show: (p) => termOf(lang, p.phase) },
    { group: 'calendar', key: 'priority', label: t('Priorité', 'Priority'), show: (p) => termOf(lang, p.priority) },
    { group: 'calendar', key: 'tags', label: t('Étiquettes', 'Tags'), show: (p) => list(p.tags) },
    {
      group: 'budget',
      key: 'budget.planned',
      label: t('Budget prévu', 'Planned budget'),
      show: (p) => (p.budget.planned === null ? '—' : formatEuros(p.budget.planned)),
    },
    {
      group: 'budget',
      key: 'budget.funders',
      label: t('Financeurs', 'Funders'),
      show: (p) => list(p.budget.funders.map((f) => (f.amount === null ? f.name : `${f.name} (${formatEuros(f.amount)})`))),
      long: true,
    },
    {
      group: 'declared',
      key: 'meteo',
      label: t('Météo', 'Weather'),
      show: (p) => (p.meteo ? `${meteoOf(lang, p.meteo.value)}${p.meteo.comment ? ` : ${p.meteo.comment}` : ''}` : '—'),
    },
    {
      group: 'declared',
      key: 'progressOverride',
      label: t('Avancement forcé', 'Progress override'),
      show: (p) =>
        p.progressOverride ? `${formatPercent(p.progressOverride.value)} : ${p.progressOverride.comment}` : t('aucun', 'none'),
    },
  ];
}

/** The field keys a patch changes (budget split in its two rows). */
export function patchKeys(patch: ProjectPatch): Set<string> {
  const keys = new Set<string>();
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (k === 'budget') {
      const b = v as NonNullable<ProjectPatch['budget']>;
      if (b.planned !== undefined) keys.add('budget.planned');
      if (b.funders !== undefined) keys.add('budget.funders');
    } else keys.add(k);
  }
  return keys;
}

/** The project as it would read with the patch applied: « your version » of a conflict. */
export function applyPatch(p: ProjectRecord, patch: ProjectPatch, today: string, userId: string | null): ProjectRecord {
  const { budget, meteo, progressOverride, ...plain } = patch;
  const next: ProjectRecord = { ...p };
  for (const [k, v] of Object.entries(plain)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
  if (budget) {
    next.budget = {
      planned: budget.planned !== undefined ? budget.planned : p.budget.planned,
      funders: budget.funders ? budget.funders.map((f) => ({ name: f.name, amount: f.amount ?? null })) : p.budget.funders,
    };
  }
  if (meteo) next.meteo = { value: meteo.value, comment: meteo.comment ?? '', date: today, byId: userId };
  if (progressOverride !== undefined) {
    next.progressOverride = progressOverride && { ...progressOverride, byId: userId, at: new Date().toISOString() };
  }
  return next;
}

const GROUPS: Array<{ id: FieldGroup; fr: string; en: string }> = [
  { id: 'identity', fr: 'Le projet', en: 'The project' },
  { id: 'place', fr: 'Place dans le plan', en: 'Place in the plan' },
  { id: 'people', fr: 'Pilotage', en: 'Leadership' },
  { id: 'calendar', fr: 'Calendrier et état', en: 'Schedule and state' },
  { id: 'budget', fr: 'Budget', en: 'Budget' },
];
export const FORM_GROUPS = GROUPS;

const useStyles = makeStyles({
  groups: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 18rem), 1fr))',
    gap: tokens.spacingVerticalL,
    minWidth: 0,
  },
  group: { minWidth: 0 },
  groupTitle: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  list: { margin: 0, display: 'grid', gap: tokens.spacingVerticalXS },
  term: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  def: { margin: `0 0 ${tokens.spacingVerticalS}`, overflowWrap: 'anywhere' },
  long: { whiteSpace: 'pre-line' },
});

/** The fields, read only, grouped; each value is marked with its field key for the tests. */
export function ProjectFieldsView({ project, fields, extra }: { project: ProjectRecord; fields: ProjectField[]; extra?: Record<string, string> }) {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const extras = Object.entries(extra ?? {}).filter(([, v]) => v.trim() !== '');
  return (
    <div className={styles.groups}>
      {GROUPS.map((g) => (
        <div key={g.id} className={styles.group}>
          <h4 className={styles.groupTitle}>{lang === 'en' ? g.en : g.fr}</h4>
          <dl className={styles.list}>
            {fields
              .filter((f) => f.group === g.id)
              .map((f) => (
                <div key={f.key}>
                  <dt className={styles.term}>{f.label}</dt>
                  <dd className={`${styles.def} ${f.long ? styles.long : ''}`} data-field={f.key}>
                    {f.show(project)}
                  </dd>
                </div>
              ))}
          </dl>
        </div>
      ))}
      {extras.length > 0 && (
        <div className={styles.group}>
          <h4 className={styles.groupTitle}>{t('Autres informations du fichier importé', 'Other information from the imported file')}</h4>
          <dl className={styles.list}>
            {extras.map(([k, v]) => (
              <div key={k}>
                <dt className={styles.term}>{k}</dt>
                <dd className={`${styles.def} ${styles.long}`}>{v}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
