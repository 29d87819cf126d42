// The Territoires en Transitions plan-import template (ADEME): axe → sous-axe →
// sous-sous-axe → action → sous-action. Levels may be skipped, a plan may have no axis
// at all, and the template's own instruction texts are not data.
import { matchPriority, matchStatus, normalizeLabel, stateFromStatus, type ProjectStatus } from '../../vocab.ts';
import { findHeaderRow, readHeader, RowReader, splitList } from '../columns.ts';
import { issue, type ImportIssue } from '../issues.ts';
import type { ParsedAmbition, ParsedMilestone, ParsedObjective, ParsedPlan, ParsedProject } from '../parsed.ts';
import type { Sheet, SheetRow, Workbook } from '../read/types.ts';
import { parseText } from '../values.ts';

export const TET_ACTION_HEADER = "Titre de l'action";

/** Columns of the template, by the header the template gives them (compared normalised). */
const COL = {
  axe: 'Axe (x)',
  sousAxe: 'Sous-axe (x.x)',
  sousSousAxe: 'Sous-sous axe (x.x.x)',
  action: TET_ACTION_HEADER,
  subAction: 'Titre de la sous-action',
  description: 'Descriptif',
  partners: 'Partenaires',
  direction: 'Direction ou service pilote',
  pilot: 'Personne pilote',
  elu: 'Élu·e référent·e',
  budget: 'Budget prévisionnel total € HT',
  status: 'Statut',
  priority: 'Niveau de priorité',
  start: 'Date de début',
  end: 'Date de fin',
} as const;

/** Columns kept as they are, under their header, in the project's `extra`. */
const EXTRA = [
  'Objectifs',
  'Instances de gouvernance',
  'Structure pilote',
  'Moyens humains et techniques',
  'Participation Citoyenne',
  'Financements',
  'Calendrier',
  'Notes complémentaires',
];

/** The template's instruction texts, as found in real files. */
const PLACEHOLDERS = new Set(
  ['Axe', 'Sous-axe', 'Sous axe', 'Sous-Sous Axe', 'Sous-sous axe', "Titre de l'action", 'Titre de la sous-action'].map(
    normalizeLabel,
  ),
);

export function findTetSheet(workbook: Workbook): { sheet: Sheet; headerRow: SheetRow } | undefined {
  for (const sheet of workbook.sheets) {
    const headerRow = findHeaderRow(sheet, [TET_ACTION_HEADER]);
    if (headerRow) return { sheet, headerRow };
  }
  return undefined;
}

const key = (text: string) => normalizeLabel(text);

export function parseTet(workbook: Workbook, fileTitle: string): ParsedPlan {
  const found = findTetSheet(workbook);
  if (!found) throw new Error('not a Territoires en Transitions sheet');
  const { sheet, headerRow } = found;
  const issues: ImportIssue[] = [];
  const header = readHeader(headerRow);
  const r = new RowReader(header, issues, PLACEHOLDERS);
  const col = Object.fromEntries(Object.entries(COL).map(([k, v]) => [k, r.column(v)])) as Record<
    keyof typeof COL,
    number | undefined
  >;
  // Financeur 1..3 are each followed by their « Montant € HT ».
  const funderCols = header.labels
    .map((label, i) => ({ label, i }))
    .filter(({ label }) => /^financeur\s*\d*$/i.test(label))
    .map(({ i }) => ({ name: i, amount: i + 1 }));
  const extraCols = EXTRA.map((h) => ({ header: h, col: r.column(h) })).filter((e) => e.col !== undefined);

  // Row 1 holds the plan's title above the template's header, when the header is on row 2.
  const titleRow = sheet.rows.find((row) => row.number === headerRow.number - 1);
  const title = (titleRow && parseText(titleRow.cells[0] ?? null)) || fileTitle;

  const ambitions = new Map<string, ParsedAmbition>();
  const objectives = new Map<string, ParsedObjective>();
  const projects = new Map<string, ParsedProject>();
  const subActionRows: Array<{ row: SheetRow; projectKey: string; action: string; subAction: string }> = [];

  const dataRows = sheet.rows.filter((row) => row.number > headerRow.number && !isTypeHintRow(row));
  for (const row of dataRows) {
    const axe = r.text(row, col.axe);
    const sousAxe = r.text(row, col.sousAxe);
    const sousSousAxe = r.text(row, col.sousSousAxe);
    const action = r.text(row, col.action);
    const subAction = r.text(row, col.subAction);

    // The path of levels this row sits under; each level is declared the first time it is seen.
    let ambitionKey: string | null = null;
    if (axe) {
      ambitionKey = `a:${key(axe)}`;
      if (!ambitions.has(ambitionKey)) ambitions.set(ambitionKey, { key: ambitionKey, title: axe, row: row.number });
    }
    let parentKey: string | null = null;
    for (const level of [sousAxe, sousSousAxe]) {
      if (!level) continue;
      const objectiveKey: string = `${parentKey ?? ambitionKey ?? ''}/o:${key(level)}`;
      if (!objectives.has(objectiveKey))
        objectives.set(objectiveKey, { key: objectiveKey, ambitionKey, parentKey, title: level, row: row.number });
      parentKey = objectiveKey;
    }
    if (!action) continue;
    const projectKey = `${parentKey ?? ambitionKey ?? ''}/p:${key(action)}`;
    if (subAction) {
      subActionRows.push({ row, projectKey, action, subAction });
      continue;
    }
    const first = projects.get(projectKey);
    if (first) {
      issues.push(issue.duplicateKey(row.number, r.label(col.action!), action, first.row));
      continue;
    }
    projects.set(projectKey, readAction(r, row, col, funderCols, extraCols, issues, {
      key: projectKey,
      ambitionKey,
      objectiveKey: parentKey,
      title: action,
    }));
  }

  const milestones: ParsedMilestone[] = [];
  const seenMilestones = new Map<string, number>();
  for (const { row, projectKey, action, subAction } of subActionRows) {
    if (!projects.has(projectKey)) {
      issues.push(issue.orphanSubAction(row.number, r.label(col.subAction!), action));
      continue;
    }
    const milestoneKey = `${projectKey}#${key(subAction)}`;
    const firstRow = seenMilestones.get(milestoneKey);
    if (firstRow !== undefined) {
      issues.push(issue.duplicateKey(row.number, r.label(col.subAction!), subAction, firstRow));
      continue;
    }
    seenMilestones.set(milestoneKey, row.number);
    const status = readStatus(r, row, col.status, issues);
    const state = status ? stateFromStatus(status) : 'À venir';
    milestones.push({
      key: milestoneKey,
      projectKey,
      row: row.number,
      title: subAction,
      baselineDate: r.date(row, col.end, action),
      state,
      completion: state === 'Atteint' ? 1 : 0,
      owner: r.text(row, col.pilot) ?? '',
      strategic: true,
    });
  }

  return {
    format: 'tet',
    title,
    ambitions: [...ambitions.values()],
    objectives: [...objectives.values()],
    projects: [...projects.values()],
    milestones,
    issues,
  };
}

function readAction(
  r: RowReader,
  row: SheetRow,
  col: Record<keyof typeof COL, number | undefined>,
  funderCols: Array<{ name: number; amount: number }>,
  extraCols: Array<{ header: string; col: number | undefined }>,
  issues: ImportIssue[],
  base: Pick<ParsedProject, 'key' | 'ambitionKey' | 'objectiveKey' | 'title'>,
): ParsedProject {
  const action = base.title;
  const funders = funderCols.flatMap(({ name, amount }) => {
    const funder = r.text(row, name);
    const value = r.number(row, amount, action);
    return funder || value !== null ? [{ name: funder ?? '', amount: value }] : [];
  });
  const extra: Record<string, string> = {};
  for (const e of extraCols) {
    const value = r.text(row, e.col);
    if (value) extra[e.header] = value;
  }
  const priorityText = r.text(row, col.priority);
  const priority = priorityText ? matchPriority(priorityText) ?? null : null;
  if (priorityText && !priority) issues.push(issue.unknownPriority(row.number, r.label(col.priority!), priorityText));
  return {
    ...base,
    row: row.number,
    description: r.text(row, col.description) ?? '',
    directions: splitList(r.text(row, col.direction)),
    pilots: r.text(row, col.pilot) ?? '',
    elus: r.text(row, col.elu) ?? '',
    partners: r.text(row, col.partners) ?? '',
    budget: r.number(row, col.budget, action),
    funders,
    startDate: r.date(row, col.start, action),
    endDate: r.date(row, col.end, action),
    status: readStatus(r, row, col.status, issues) ?? 'À venir',
    priority,
    extra,
  };
}

function readStatus(r: RowReader, row: SheetRow, col: number | undefined, issues: ImportIssue[]): ProjectStatus | null {
  const text = r.text(row, col);
  if (!text) return null;
  const status = matchStatus(text);
  if (!status) issues.push(issue.unknownStatus(row.number, r.label(col!), text, 'À venir'));
  return status ?? null;
}

/** The template's third row says what each column holds (« Champ texte », « Champ date »…). */
function isTypeHintRow(row: SheetRow): boolean {
  const texts = row.cells.filter((c): c is string => typeof c === 'string');
  return texts.length > 0 && texts.filter((t) => /^champ\b/i.test(t.trim())).length >= texts.length / 2;
}
