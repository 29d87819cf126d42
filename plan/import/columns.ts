// Reading typed fields out of a row by column header, shared by every format. A value
// that cannot be read is reported (an error for numbers and dates) and read as absent.
import { normalizeLabel } from '../vocab.ts';
import { issue, type ImportIssue } from './issues.ts';
import type { Cell, Sheet, SheetRow } from './read/types.ts';
import { describeCell, parseBoolean, parseDate, parseNumber, parseText } from './values.ts';

export interface Header {
  /** The row the headers are on. */
  row: number;
  /** Column index by normalised header; the first occurrence wins. */
  index: Map<string, number>;
  /** Headers as written (trimmed), by column index, for messages. */
  labels: string[];
}

export function readHeader(row: SheetRow): Header {
  const index = new Map<string, number>();
  const labels: string[] = [];
  row.cells.forEach((cell, i) => {
    const label = typeof cell === 'string' ? cell.replace(/\s+/g, ' ').trim() : cell === null ? '' : String(cell);
    labels[i] = label;
    const key = normalizeLabel(label);
    if (key && !index.has(key)) index.set(key, i);
  });
  return { row: row.number, index, labels };
}

/** The first row among the first `within` rows that holds every one of `required` (normalised). */
export function findHeaderRow(sheet: Sheet, required: string[], within = 12): SheetRow | undefined {
  const wanted = required.map(normalizeLabel);
  return sheet.rows.slice(0, within).find((row) => {
    const have = new Set(row.cells.map((c) => (typeof c === 'string' ? normalizeLabel(c) : '')));
    return wanted.every((w) => have.has(w));
  });
}

export class RowReader {
  constructor(
    private readonly header: Header,
    private readonly issues: ImportIssue[],
    /** Texts that are the template's instructions, not data (compared normalised). */
    private readonly placeholders: Set<string> = new Set(),
  ) {}

  column(name: string): number | undefined {
    return this.header.index.get(normalizeLabel(name));
  }

  has(name: string): boolean {
    return this.column(name) !== undefined;
  }

  label(col: number): string {
    return this.header.labels[col] || columnLetter(col);
  }

  cell(row: SheetRow, col: number | undefined): Cell {
    return col === undefined ? null : (row.cells[col] ?? null);
  }

  isPlaceholder(text: string, col: number): boolean {
    const key = normalizeLabel(text);
    return key === normalizeLabel(this.header.labels[col] ?? '') || this.placeholders.has(key);
  }

  /** Text of a column, trimmed; null when empty, absent, or a placeholder. */
  text(row: SheetRow, col: number | undefined): string | null {
    if (col === undefined) return null;
    const value = parseText(this.cell(row, col));
    if (value === null) return null;
    return this.isPlaceholder(value, col) ? null : value;
  }

  number(row: SheetRow, col: number | undefined, action: string | null): number | null {
    if (col === undefined) return null;
    const cell = this.cell(row, col);
    if (typeof cell === 'string' && this.isPlaceholder(cell, col)) return null;
    const parsed = parseNumber(cell);
    if (parsed.ok) return parsed.value;
    this.issues.push(issue.badNumber(row.number, this.label(col), describeCell(cell), action));
    return null;
  }

  date(row: SheetRow, col: number | undefined, action: string | null): string | null {
    if (col === undefined) return null;
    const cell = this.cell(row, col);
    if (typeof cell === 'string' && this.isPlaceholder(cell, col)) return null;
    const parsed = parseDate(cell);
    if (parsed.ok) return parsed.value;
    this.issues.push(issue.badDate(row.number, this.label(col), describeCell(cell), action));
    return null;
  }

  boolean(row: SheetRow, col: number | undefined): boolean | null {
    if (col === undefined) return null;
    const cell = this.cell(row, col);
    const parsed = parseBoolean(cell);
    if (parsed.ok) return parsed.value;
    this.issues.push(issue.badBoolean(row.number, this.label(col), describeCell(cell)));
    return null;
  }
}

export function columnLetter(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Split a cell that lists several things: « COM L1, Contrat Local de Santé ». */
export function splitList(text: string | null): string[] {
  if (!text) return [];
  return text
    .split(/[,;\n]+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}
