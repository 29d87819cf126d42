// What every reader gives the importer: sheets of rows of plain cell values, with
// the sheet's own row numbers kept so that errors can say « ligne 12 ».

/** A cell as read: text, a number, a boolean, a date (xlsx date cells), or nothing. */
export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based row number as the user sees it in Excel (or the csv line's record number, header = 1). */
  number: number;
  /** cells[0] is column A. Rich text, formulas and hyperlinks are reduced to their text or result. */
  cells: Cell[];
}

export interface Sheet {
  name: string;
  /** Rows with at least one non-empty cell; nothing after the last such row, whatever the sheet declares. */
  rows: SheetRow[];
}

export interface Workbook {
  format: 'xlsx' | 'csv';
  sheets: Sheet[];
  /** For csv: what was detected, for the report. */
  encoding?: 'utf-8' | 'windows-1252';
  separator?: string;
}

export interface ReadInput {
  bytes: Uint8Array;
  fileName: string;
  /** From an HTTP upload, if any; the file name's extension and the bytes decide otherwise. */
  contentType?: string;
}
