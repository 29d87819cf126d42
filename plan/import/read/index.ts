// Reads an uploaded plan file (xlsx or csv) into plain sheets of rows of cells, so that the
// rest of the importer never sees exceljs, zip archives, encodings or separators.
//
// What decides the format: the bytes first (a zip is an xlsx whatever its name says), then
// the file name's extension, then the HTTP content type. Browsers on Windows send
// `application/vnd.ms-excel` for a .csv, so the content type alone proves nothing.
//
// Every way a file can fail to be read ends as an UnreadableFileError with a French message
// that tells the user what to do; the importer shows it as is.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse as parseCsvText } from 'csv-parse/sync';
import type { Cell, ReadInput, Sheet, SheetRow, Workbook } from './types.ts';

export type { Cell, ReadInput, Sheet, SheetRow, Workbook } from './types.ts';

// ---------------------------------------------------------------------------------------
// Errors

export type UnreadableReason =
  /** 0 bytes, or nothing but spaces, line ends and a BOM. */
  | 'empty'
  /** An Excel 97-2003 .xls, or a password-protected workbook (both are OLE2 containers). */
  | 'legacy-xls'
  /** Not a spreadsheet at all: a .docx, an .ods, an .xlsb, a binary file, an .xlsx that is not a zip. */
  | 'not-a-workbook'
  /** A zip that is truncated or damaged, or whose XML does not parse. */
  | 'corrupt'
  /** A text file in an encoding we do not read (UTF-16, Excel's « Texte Unicode »). */
  | 'unsupported-encoding'
  /** A csv whose quoting cannot be parsed (a quote that never closes…). */
  | 'malformed-csv';

export class UnreadableFileError extends Error {
  readonly code = 'unreadable-file' as const;
  constructor(
    readonly reason: UnreadableReason,
    readonly fileName: string,
    /** French, for the user. */
    message: string,
    /** English, for logs and English-speaking users. */
    readonly messageEn: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UnreadableFileError';
  }
}

/** « nom » with the non-breaking spaces French typography puts inside guillemets. */
const q = (name: string): string => `«\u00a0${name}\u00a0»`;

const SAVE_AS_FR = 'Ouvrez-le dans Excel et enregistrez-le au format « Classeur Excel (.xlsx) » ou « CSV UTF-8 (.csv) », puis importez-le de nouveau.';
const SAVE_AS_EN = 'Open it in Excel, save it as "Excel Workbook (.xlsx)" or "CSV UTF-8 (.csv)", then import it again.';

function unreadable(reason: UnreadableReason, fileName: string, detail?: { line?: number; cause?: unknown }): UnreadableFileError {
  const name = baseName(fileName) || 'sans nom';
  const options = detail?.cause === undefined ? undefined : { cause: detail.cause };
  const at = detail?.line ? ` (ligne ${detail.line})` : '';
  const atEn = detail?.line ? ` (line ${detail.line})` : '';
  switch (reason) {
    case 'empty':
      return new UnreadableFileError(reason, fileName, `Le fichier ${q(name)} est vide.`, `The file "${name}" is empty.`, options);
    case 'legacy-xls':
      return new UnreadableFileError(
        reason,
        fileName,
        `Le fichier ${q(name)} est au format Excel 97-2003 (.xls) ou protégé par un mot de passe : Jalon ne sait pas le lire. Ouvrez-le dans Excel et enregistrez-le au format « Classeur Excel (.xlsx) » ou « CSV UTF-8 (.csv) », sans mot de passe, puis importez-le de nouveau.`,
        `The file "${name}" is an Excel 97-2003 (.xls) workbook or is password-protected, which Jalon cannot read. Open it in Excel, save it as "Excel Workbook (.xlsx)" or "CSV UTF-8 (.csv)" without a password, then import it again.`,
        options,
      );
    case 'not-a-workbook':
      return new UnreadableFileError(
        reason,
        fileName,
        `Le fichier ${q(name)} n’est pas un classeur Excel lisible. ${SAVE_AS_FR}`,
        `The file "${name}" is not a readable Excel workbook. ${SAVE_AS_EN}`,
        options,
      );
    case 'corrupt':
      return new UnreadableFileError(
        reason,
        fileName,
        `Le fichier ${q(name)} n’est pas un classeur Excel lisible : il est endommagé ou incomplet. ${SAVE_AS_FR}`,
        `The file "${name}" is not a readable Excel workbook: it is damaged or incomplete. ${SAVE_AS_EN}`,
        options,
      );
    case 'unsupported-encoding':
      return new UnreadableFileError(
        reason,
        fileName,
        `Le fichier ${q(name)} est enregistré en Unicode UTF-16 (« Texte Unicode »), que Jalon ne lit pas. Enregistrez-le au format « CSV UTF-8 (.csv) » ou « Classeur Excel (.xlsx) », puis importez-le de nouveau.`,
        `The file "${name}" is saved as UTF-16 ("Unicode Text"), which Jalon cannot read. Save it as "CSV UTF-8 (.csv)" or "Excel Workbook (.xlsx)", then import it again.`,
        options,
      );
    case 'malformed-csv':
      return new UnreadableFileError(
        reason,
        fileName,
        `Le fichier ${q(name)} n’est pas un fichier CSV lisible${at} : un guillemet (") est mal placé ou n’est jamais refermé. ${SAVE_AS_FR}`,
        `The file "${name}" is not a readable CSV file${atEn}: a quote (") is misplaced or never closed. ${SAVE_AS_EN}`,
        options,
      );
  }
}

// ---------------------------------------------------------------------------------------
// Entry point

export async function readWorkbook(input: ReadInput): Promise<Workbook> {
  const { bytes, fileName } = input;
  if (isBlank(bytes)) throw unreadable('empty', fileName);
  return sniffFormat(input) === 'xlsx' ? readXlsx(bytes, fileName) : readCsv(bytes, fileName);
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04: a local file header
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .xls, and encrypted .xlsx
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** 0 bytes, or only a UTF-8 BOM and ASCII whitespace. */
function isBlank(bytes: Uint8Array): boolean {
  const start = startsWith(bytes, UTF8_BOM) ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0b && b !== 0x0c) return false;
  }
  return true;
}

function extensionOf(fileName: string): string {
  const base = baseName(fileName);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Browsers may send « C:\fakepath\plan.csv »; keep the last segment. */
function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

function sniffFormat({ bytes, fileName, contentType }: ReadInput): 'xlsx' | 'csv' {
  if (startsWith(bytes, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(bytes, OLE2_MAGIC)) throw unreadable('legacy-xls', fileName);
  const ext = extensionOf(fileName);
  // An .xls that is not OLE2 is usually an HTML table or a text export renamed by some web
  // application; Excel opens it (with a warning) and can save it properly, so say that.
  if (ext === 'xls') throw unreadable('legacy-xls', fileName);
  if (['xlsx', 'xlsm', 'xltx', 'xltm', 'xlsb', 'ods'].includes(ext)) throw unreadable('not-a-workbook', fileName);
  if (['csv', 'txt', 'tsv', 'tab'].includes(ext)) return 'csv';
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('spreadsheetml') || type.includes('opendocument')) throw unreadable('not-a-workbook', fileName);
  // Anything else is tried as text: the csv reader refuses binary content on its own.
  return 'csv';
}

// ---------------------------------------------------------------------------------------
// xlsx

// The narrow part of exceljs's streaming reader that we use (its typings miss `name`, `on`
// and `model`, and type rows as full Row objects).
interface StreamingRow {
  number: number;
  /** 1-based and sparse: values[1] is column A. */
  values: unknown;
}
interface StreamingWorksheet extends AsyncIterable<StreamingRow> {
  name: string;
}
interface StreamingWorkbook extends AsyncIterable<StreamingWorksheet> {
  on(event: 'entry', listener: (entry: { type: string }) => void): unknown;
  /** Set once xl/workbook.xml is read: the sheets in tab order. */
  model?: { sheets?: Array<{ name: string }> };
}

/**
 * The file's bytes as a stream for exceljs, in 64 KiB chunks without copying.
 *
 * exceljs pipes this stream into unzipper. When inflating an entry fails (a damaged zip),
 * unzipper reports the error on its own parser stream and never ends the entry that exceljs
 * is reading, so exceljs waits forever. Found by corrupting bytes of a real file: about one
 * damaged file in fifteen hung. We catch that parser's error here, where exceljs hands it
 * the stream, and race the read against it.
 */
class BytesSource extends Readable {
  readonly zipFailure: Promise<never>;
  private readonly fail: (error: unknown) => void;
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {
    super();
    let fail: (error: unknown) => void = () => {};
    this.zipFailure = new Promise<never>((_, reject) => {
      fail = reject;
    });
    // Nobody may be listening any more when a late error comes: never an unhandled rejection.
    this.zipFailure.catch(() => {});
    this.fail = fail;
  }

  override _read(): void {
    if (this.offset >= this.bytes.length) {
      this.push(null);
      return;
    }
    const length = Math.min(64 * 1024, this.bytes.length - this.offset);
    this.push(Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.offset, length));
    this.offset += length;
  }

  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    (destination as unknown as NodeJS.EventEmitter).once('error', (error) => this.fail(error));
    return super.pipe(destination, options);
  }
}

/** The zip's end-of-central-directory record sits in the last 22 + 65,535 bytes; a file cut short has none. */
function hasEndOfCentralDirectory(bytes: Uint8Array): boolean {
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= floor; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  }
  return false;
}

/** OpenDocument files store an uncompressed `mimetype` entry first: name at offset 30. */
function isOpenDocument(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 120)).toString('latin1');
  return head.slice(30, 38) === 'mimetype' && head.includes('application/vnd.oasis.opendocument');
}

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<Workbook> {
  if (!hasEndOfCentralDirectory(bytes)) throw unreadable('corrupt', fileName);
  if (isOpenDocument(bytes)) throw unreadable('not-a-workbook', fileName);

  const source = new BytesSource(bytes);
  // Always the streaming reader: `workbook.xlsx.load` throws on sheet names longer than 31
  // characters (exceljs #3080) and holds every cell of every sheet in memory.
  // styles 'cache' is what makes date-formatted cells come out as Date objects (with styles
  // 'ignore', exceljs cannot see the number format and gives the serial number).
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  }) as unknown as StreamingWorkbook;

  // A zip without xl/workbook.xml (a .docx, an .xlsb, any zip) yields no sheet and no error.
  let sawWorkbookPart = false;
  reader.on('entry', (entry) => {
    if (entry.type === 'workbook') sawWorkbookPart = true;
  });

  const sheets: Sheet[] = [];
  const consume = (async () => {
    for await (const worksheet of reader) sheets.push(await readSheet(worksheet));
  })();
  consume.catch(() => {}); // when the zip failure wins the race, this one may never settle
  try {
    await Promise.race([consume, source.zipFailure]);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw unreadable('corrupt', fileName, { cause: error });
  }
  if (!sawWorkbookPart) throw unreadable('not-a-workbook', fileName);

  // exceljs emits sheets in the zip's entry order (and defers them to temp files when the
  // shared strings come later in the zip); the workbook part gives the tabs' order.
  const order = new Map((reader.model?.sheets ?? []).map((s, i) => [s.name, i] as const));
  const rank = (s: Sheet) => order.get(s.name) ?? Number.MAX_SAFE_INTEGER;
  sheets.sort((a, b) => rank(a) - rank(b));
  return { format: 'xlsx', sheets };
}

async function readSheet(worksheet: StreamingWorksheet): Promise<Sheet> {
  const rows: SheetRow[] = [];
  let previous = 0;
  // exceljs emits one row per <row> element, with no regard for the declared <dimension>.
  // Formatted-but-empty rows down to 1,048,576 still stream by (about a second per million)
  // and are dropped here, so memory holds only the rows with values.
  for await (const row of worksheet) {
    // `r` is optional in the file format; exceljs then gives NaN. Rows are in order.
    const number = Number.isInteger(row.number) && row.number > 0 ? row.number : previous + 1;
    previous = number;
    const cells = xlsxCells(row.values);
    if (cells.length > 0) rows.push({ number, cells });
  }
  return { name: worksheet.name, rows };
}

/** Shifts exceljs's 1-based sparse values to cells[0] = column A, up to the last non-empty cell. */
function xlsxCells(values: unknown): Cell[] {
  if (!Array.isArray(values)) return [];
  const cells: Cell[] = [];
  let last = -1;
  for (let col = 1; col < values.length; col++) {
    const cell = xlsxValue(values[col]);
    cells.push(cell);
    if (cell !== null) last = col - 1;
  }
  cells.length = last + 1;
  return cells;
}

/** Reduces what exceljs gives for a cell to a plain value. */
function xlsxValue(value: unknown, depth = 0): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cleanXlsxString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'object' || depth > 3) return null;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) {
    return cleanXlsxString(v.richText.map((run) => (run as { text?: unknown })?.text ?? '').join(''));
  }
  // Formulas: the value Excel last computed. A formula never computed has no result: null.
  // NB exceljs's streaming reader turns a boolean result into 1/0 and an error result into
  // NaN (→ null), and does not turn a date-formatted result into a Date: it stays a serial.
  if ('formula' in v || 'sharedFormula' in v) return xlsxValue(v.result, depth + 1);
  if ('error' in v) return null; // #N/A, #REF!, #DIV/0!…
  if ('text' in v) return xlsxValue(v.text, depth + 1); // hyperlink { text, hyperlink }
  return null;
}

/**
 * Strings stay as typed, except:
 * - OOXML escapes (ST_Xstring): Excel writes a carriage return as `_x000D_` and a literal
 *   `_x` sequence as `_x005F_x…`; exceljs's streaming reader does not decode them;
 * - line ends become '\n' (Excel on Windows stores '\r\n' in multi-line cells);
 * - a string of nothing but whitespace is an empty cell (null), so that a stray space does
 *   not make a row « non empty ».
 */
function cleanXlsxString(s: string): string | null {
  const decoded = s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
  return cleanString(decoded);
}

function cleanString(s: string): string | null {
  const text = s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
  return /^\s*$/.test(text) ? null : text;
}

// ---------------------------------------------------------------------------------------
// csv

const SEPARATORS = [';', ',', '\t', '|'] as const;

function readCsv(bytes: Uint8Array, fileName: string): Workbook {
  const { text, encoding } = decodeText(bytes, fileName);
  if (text.trim() === '') throw unreadable('empty', fileName);
  // A NUL never occurs in text: this is a binary file with a csv-ish name (or none).
  if (text.includes('\u0000')) throw unreadable('not-a-workbook', fileName);

  const separator = detectSeparator(text);
  let records: string[][];
  try {
    records = parseCsvText(text, {
      delimiter: separator,
      quote: '"',
      escape: '"', // "" inside a quoted field is one "
      relax_column_count: true, // short and long rows are the importer's business, not a parse error
      relax_quotes: true, // a quote inside an unquoted field (Salle "Jean Moulin") is kept as text
      skip_empty_lines: false, // kept so that record numbers stay Excel's row numbers
      bom: false, // already stripped
    }) as string[][];
  } catch (error) {
    // csv-parse reports where it stopped: for a quote never closed, that is the end of the
    // file; the line where the quote opened is the one to fix.
    const code = (error as { code?: unknown }).code;
    const stoppedAt = (error as { lines?: unknown }).lines;
    const line = code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text, separator) : typeof stoppedAt === 'number' ? stoppedAt : undefined;
    throw unreadable('malformed-csv', fileName, { cause: error, ...(line === undefined ? {} : { line }) });
  }

  // Row numbers are record numbers, header = 1, empty lines counted: the row number Excel
  // shows when it opens the file. It is the physical line number, except after a quoted
  // cell that spans several lines, where the physical line runs ahead (Excel keeps such a
  // cell in one row, and French users open their csv in Excel, not in a text editor).
  const rows: SheetRow[] = [];
  records.forEach((record, index) => {
    const cells: Cell[] = record.map(cleanString);
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    if (cells.length > 0) rows.push({ number: index + 1, cells });
  });

  const base = baseName(fileName);
  const name = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return { format: 'csv', sheets: [{ name: name || 'csv', rows }], encoding, separator };
}

function decodeText(bytes: Uint8Array, fileName: string): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  if (startsWith(bytes, UTF8_BOM)) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) throw unreadable('unsupported-encoding', fileName);
  try {
    // Valid UTF-8 (pure ASCII included) is UTF-8: Windows-1252 text with accents is almost
    // never valid UTF-8 by chance.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not TextDecoder('windows-1252'): on Node ≥ 20.18.3 it decodes 0x80–0x9F as Latin-1
    // control characters, losing ’ œ € (nodejs/node #60888). iconv-lite maps the whole page.
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252'), encoding: 'windows-1252' };
  }
}

/**
 * Picks the separator among ; , tab | from the first records (up to 50, in the first 64 KiB).
 * For each candidate, counts its occurrences per record outside quoted fields; the header
 * must hold at least one. The winner is the one whose count is the same as the header's on
 * the most records; ties go to the larger count, then to the order above (; first: the usual
 * French separator, and French decimals put commas in the data). With no candidate at all
 * (a single column), ';'.
 */
function detectSeparator(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  const complete = sample.length === text.length;
  let best = { separator: ';' as string, consistency: -1, fields: 0 };
  for (const separator of SEPARATORS) {
    const counts = countPerRecord(sample, separator, complete, 50);
    const header = counts[0];
    if (header === undefined || header === 0) continue;
    const consistency = counts.filter((c) => c === header).length / counts.length;
    if (consistency > best.consistency || (consistency === best.consistency && header > best.fields)) {
      best = { separator, consistency, fields: header };
    }
  }
  return best.separator;
}

/** The physical line (1-based) where a quoted field that never closes opens, if one does. */
function unclosedQuoteLine(text: string, separator: string): number | undefined {
  let line = 1;
  let openedOn = 0;
  let inQuotes = false;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === separator || ch === '\r' || ch === '\n') atFieldStart = true;
    else {
      if (ch === '"' && atFieldStart) {
        inQuotes = true;
        openedOn = line;
      }
      atFieldStart = false;
    }
  }
  return inQuotes ? openedOn : undefined;
}

/** Separator counts of each non-empty record, quote-aware the way csv-parse reads them with relax_quotes. */
function countPerRecord(sample: string, separator: string, complete: boolean, max: number): number[] {
  const counts: number[] = [];
  let count = 0;
  let inQuotes = false;
  let atFieldStart = true;
  let hasContent = false;
  for (let i = 0; i < sample.length && counts.length < max; i++) {
    const ch = sample[i];
    if (inQuotes) {
      if (ch === '"') {
        if (sample[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      if (hasContent) counts.push(count);
      count = 0;
      atFieldStart = true;
      hasContent = false;
      continue;
    }
    hasContent = true;
    if (ch === separator) {
      count++;
      atFieldStart = true;
    } else {
      // Only a quote that opens a field starts a quoted field; elsewhere it is text.
      if (ch === '"' && atFieldStart) inQuotes = true;
      atFieldStart = false;
    }
  }
  // The last record counts only if the sample holds it whole.
  if (complete && hasContent && !inQuotes && counts.length < max) counts.push(count);
  return counts;
}
