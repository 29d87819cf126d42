// Every problem an import can report, in one place. Each names the row, the column or
// the action at fault, in French first (the users') and English (for `Accept-Language: en`).

export type Severity = 'error' | 'warning';

export interface ImportIssue {
  severity: Severity;
  code: IssueCode;
  /** The sheet's row number as Excel shows it, when the issue is about a row. */
  row: number | null;
  column: string | null;
  message: string;
  messageEn: string;
}

export type IssueCode =
  | 'unreadable-file'
  | 'unknown-format'
  | 'no-data'
  | 'bad-number'
  | 'bad-date'
  | 'bad-boolean'
  | 'unknown-status'
  | 'unknown-priority'
  | 'unknown-phase'
  | 'untitled-project'
  | 'orphan-sub-action'
  | 'duplicate-key'
  | 'missing-column'
  | 'vanished'
  | 'bad-profile';

const at = (row: number | null, column: string | null) =>
  [row !== null ? `ligne ${row}` : null, column ? `colonne ${column}` : null].filter(Boolean).join(', ');
const atEn = (row: number | null, column: string | null) =>
  [row !== null ? `row ${row}` : null, column ? `column ${column}` : null].filter(Boolean).join(', ');
const prefix = (row: number | null, column: string | null) => {
  const where = at(row, column);
  return where ? `${where} : ` : '';
};
const prefixEn = (row: number | null, column: string | null) => {
  const where = atEn(row, column);
  return where ? `${where}: ` : '';
};
/** French quotation marks, with the non-breaking spaces French typography wants. */
const q = (text: string) => `« ${text} »`;
const qEn = (text: string) => `"${text}"`;
const forAction = (action: string | null) => (action ? ` (action ${q(action)})` : '');
const forActionEn = (action: string | null) => (action ? ` (action ${qEn(action)})` : '');

export const issue = {
  badNumber: (row: number, column: string, raw: string, action: string | null): ImportIssue => ({
    severity: 'error',
    code: 'bad-number',
    row,
    column,
    message: `${prefix(row, column)}${q(raw)} n’est pas un nombre${forAction(action)} : la colonne attend un nombre, par exemple 1 709,44.`,
    messageEn: `${prefixEn(row, column)}${qEn(raw)} is not a number${forActionEn(action)}: the column expects a number, e.g. 1709.44.`,
  }),
  badDate: (row: number, column: string, raw: string, action: string | null): ImportIssue => ({
    severity: 'error',
    code: 'bad-date',
    row,
    column,
    message: `${prefix(row, column)}${q(raw)} n’est pas une date${forAction(action)} : formats acceptés JJ/MM/AAAA, AAAA-MM-JJ, AAAA-MM ou une date Excel.`,
    messageEn: `${prefixEn(row, column)}${qEn(raw)} is not a date${forActionEn(action)}: accepted formats are DD/MM/YYYY, YYYY-MM-DD, YYYY-MM or an Excel date.`,
  }),
  badBoolean: (row: number, column: string, raw: string): ImportIssue => ({
    severity: 'error',
    code: 'bad-boolean',
    row,
    column,
    message: `${prefix(row, column)}${q(raw)} n’est ni oui ni non.`,
    messageEn: `${prefixEn(row, column)}${qEn(raw)} is neither yes nor no.`,
  }),
  unknownStatus: (row: number, column: string, raw: string, fallback: string): ImportIssue => ({
    severity: 'warning',
    code: 'unknown-status',
    row,
    column,
    message: `${prefix(row, column)}statut ${q(raw)} inconnu, remplacé par ${q(fallback)}.`,
    messageEn: `${prefixEn(row, column)}unknown status ${qEn(raw)}, replaced by ${qEn(fallback)}.`,
  }),
  unknownPriority: (row: number, column: string, raw: string): ImportIssue => ({
    severity: 'warning',
    code: 'unknown-priority',
    row,
    column,
    message: `${prefix(row, column)}priorité ${q(raw)} inconnue, laissée vide.`,
    messageEn: `${prefixEn(row, column)}unknown priority ${qEn(raw)}, left empty.`,
  }),
  unknownPhase: (row: number, column: string, raw: string): ImportIssue => ({
    severity: 'warning',
    code: 'unknown-phase',
    row,
    column,
    message: `${prefix(row, column)}phase ${q(raw)} inconnue, laissée vide.`,
    messageEn: `${prefixEn(row, column)}unknown phase ${qEn(raw)}, left empty.`,
  }),
  untitledProject: (row: number, column: string, title: string): ImportIssue => ({
    severity: 'warning',
    code: 'untitled-project',
    row,
    column,
    message: `${prefix(row, column)}projet sans titre, nommé ${q(title)}.`,
    messageEn: `${prefixEn(row, column)}project without a title, named ${qEn(title)}.`,
  }),
  orphanSubAction: (row: number, column: string, action: string): ImportIssue => ({
    severity: 'error',
    code: 'orphan-sub-action',
    row,
    column,
    message: `${prefix(row, column)}la sous-action appartient à l’action ${q(action)}, qui n’a pas de ligne à elle dans le fichier.`,
    messageEn: `${prefixEn(row, column)}the sub-action belongs to the action ${qEn(action)}, which has no row of its own in the file.`,
  }),
  duplicateKey: (row: number, column: string, what: string, firstRow: number): ImportIssue => ({
    severity: 'error',
    code: 'duplicate-key',
    row,
    column,
    message: `${prefix(row, column)}${q(what)} figure déjà ligne ${firstRow} : chaque ligne doit être unique pour qu’une réimportation la retrouve.`,
    messageEn: `${prefixEn(row, column)}${qEn(what)} already appears on row ${firstRow}: each row must be unique for a re-import to find it.`,
  }),
  missingColumn: (column: string): ImportIssue => ({
    severity: 'error',
    code: 'missing-column',
    row: null,
    column,
    message: `colonne ${q(column)} absente du fichier.`,
    messageEn: `column ${qEn(column)} is missing from the file.`,
  }),
  noData: (): ImportIssue => ({
    severity: 'error',
    code: 'no-data',
    row: null,
    column: null,
    message: 'Le fichier ne contient aucune action ni aucun projet à importer.',
    messageEn: 'The file holds no action or project to import.',
  }),
  unknownFormat: (headers: string[]): ImportIssue => ({
    severity: 'error',
    code: 'unknown-format',
    row: null,
    column: null,
    message:
      'Format de fichier non reconnu : ni le modèle d’import de Territoires en Transitions (colonne « Titre de l’action »), ' +
      'ni une liste de projets connue. Indiquez un profil de colonnes (--profile) ; colonnes lues : ' +
      headers.slice(0, 12).map(q).join(', '),
    messageEn:
      'Unknown file format: neither the Territoires en Transitions import template ("Titre de l’action" column) ' +
      'nor a known project list. Give a column profile (--profile); columns read: ' +
      headers.slice(0, 12).map(qEn).join(', '),
  }),
  unreadable: (message: string, messageEn: string): ImportIssue => ({
    severity: 'error',
    code: 'unreadable-file',
    row: null,
    column: null,
    message,
    messageEn,
  }),
  badProfile: (detail: string, detailEn = detail): ImportIssue => ({
    severity: 'error',
    code: 'bad-profile',
    row: null,
    column: null,
    message: `Profil de colonnes invalide : ${detail}`,
    messageEn: `Invalid column profile: ${detailEn}`,
  }),
  vanished: (kind: string, title: string, key: string): ImportIssue => ({
    severity: 'warning',
    code: 'vanished',
    row: null,
    column: null,
    message:
      kind === 'ambition'
        ? `ambition ${q(title)} absente du fichier : conservée dans Jalon, à supprimer à la main s’il le faut.`
        : `${kind === 'milestone' ? 'jalon' : kind === 'project' ? 'projet' : 'objectif'} ${q(title)} absent du fichier : conservé dans Jalon, à supprimer à la main s’il le faut.`,
    messageEn: `${kind} ${qEn(title)} is no longer in the file: kept in Jalon, delete it by hand if needed (key ${key}).`,
  }),
};
