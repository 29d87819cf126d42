// Reading one cell's value as a number, a date, a text or a yes/no, the way French users
// type them in Excel or export them to csv. Pure functions: no exceptions, no time zone, no
// locale of the machine. A failure carries no detail; the caller names the row and column
// and quotes the cell with describeCell.
import type { Cell } from './read/types.ts';

/** An empty cell is a success with value null: whether it is allowed is the caller's rule. */
export type Parsed<T> = { ok: true; value: T | null } | { ok: false };

const NOT_OK = { ok: false } as const;
const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });

// ---------------------------------------------------------------------------------------
// Numbers

/**
 * A number from a number cell, or from text as written in France or elsewhere.
 *
 * Accepted around the digits: a sign (+, -, or the typographic minus −); a trailing %
 * (« 12 % » is 12, not 0.12); a currency, leading or trailing: €, EUR, euro(s); k€/kEUR
 * (thousands) and M€/MEUR (millions), which scale the value; and « HT » or « TTC » at the end.
 * An exponent (1,5E+06) is read too.
 *
 * Separators, once spaces are taken out (any space, NBSP U+00A0, narrow NBSP U+202F…, and
 * only between groups of three digits: « 1 709,44 » but not « 12 5 »):
 * - both . and , present: the last one is the decimal separator, the other groups
 *   thousands (« 1.709,44 » and « 1,709.44 » are both 1709.44);
 * - a single , is decimal (« 1,500 » is 1.5);
 * - a single . followed by exactly three digits after a 1–3 digit integer part not starting
 *   with 0 groups thousands (« 1.500 » is 1500, as in French files); any other single . is
 *   decimal (« 12.5 », « 100.0 », « 0.125 »). The catch: an English file's « 1.500 » meaning
 *   one and a half reads as 1500;
 * - several of the same (« 1.000.000 », « 1,000,000 ») group thousands, in groups of three.
 * Anything else, such as « Entre 200 et 500 » or « environ 500 », is not a number.
 */
export function parseNumber(cell: Cell): Parsed<number> {
  if (cell === null || cell === undefined) return ok(null);
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : NOT_OK;
  if (typeof cell !== 'string') return NOT_OK; // a boolean or a date is not an amount
  let s = cell.trim();
  if (s === '') return ok(null);

  let scale = 0; // power of ten from k€ / M€
  s = s.replace(/\s*(?:HT|TTC)$/i, '');
  const unit = /\s*(?:(%)|(?:([km])\s?)?(?:€|eur(?:os?)?))$/i.exec(s);
  if (unit) {
    const prefix = unit[2]?.toLowerCase();
    scale = prefix === 'k' ? 3 : prefix === 'm' ? 6 : 0;
    s = s.slice(0, unit.index);
  }
  s = s.replace(/^(?:€|EUR)\s*/i, '');

  let negative = false;
  const sign = /^([+\-\u2212])\s*/.exec(s);
  if (sign) {
    negative = sign[1] !== '+';
    s = s.slice(sign[0].length);
  }

  let exponent = 0;
  const exp = /^(.*\d)[eE]([+-]?\d{1,3})$/.exec(s);
  if (exp) {
    s = exp[1] as string;
    exponent = Number(exp[2]);
  }

  const split = splitDecimal(s);
  if (!split) return NOT_OK;
  // Shifting the exponent in the text, rather than multiplying, keeps « 1,7 k€ » exactly 1700.
  const value = Number(`${negative ? '-' : ''}${split.int}.${split.frac || '0'}e${exponent + scale}`);
  if (!Number.isFinite(value)) return NOT_OK;
  return ok(value === 0 ? 0 : value); // no -0
}

/** Integer and fraction digits of a number's body, by the separator rules above; null if not a number. */
function splitDecimal(body: string): { int: string; frac: string } | null {
  let s = body;
  if (/\s/.test(s)) {
    // Spaces group thousands: 1–3 digits, then groups of exactly three, then maybe a fraction.
    if (!/^\d{1,3}(?:\s\d{3})+(?:[.,]\d+)?$/.test(s)) return null;
    s = s.replace(/\s/g, '');
  }
  const dot = s.lastIndexOf('.');
  const comma = s.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) {
    const decimal = dot > comma ? '.' : ',';
    const grouping = decimal === '.' ? ',' : '.';
    const at = Math.max(dot, comma);
    const int = s.slice(0, at);
    const frac = s.slice(at + 1);
    const groups = new RegExp(`^\\d{1,3}(?:\\${grouping}\\d{3})+$`);
    if (!groups.test(int) || !/^\d+$/.test(frac)) return null;
    return { int: int.split(grouping).join(''), frac };
  }
  const separator = dot >= 0 ? '.' : comma >= 0 ? ',' : null;
  if (separator === null) return /^\d+$/.test(s) ? { int: s, frac: '' } : null;
  const parts = s.split(separator);
  if (parts.length > 2) {
    return parts.every((p, i) => (i === 0 ? /^\d{1,3}$/.test(p) : /^\d{3}$/.test(p))) ? { int: parts.join(''), frac: '' } : null;
  }
  const [int = '', frac = ''] = parts;
  if (separator === '.' && /^[1-9]\d{0,2}$/.test(int) && /^\d{3}$/.test(frac)) return { int: int + frac, frac: '' };
  return /^\d+$/.test(int) && /^\d+$/.test(frac) ? { int, frac } : null;
}

// ---------------------------------------------------------------------------------------
// Dates

const MIN_YEAR = 1900;
const MAX_YEAR = 9999; // Excel's last day is 9999-12-31, serial 2,958,465
const DAY_MS = 86_400_000;

/**
 * A calendar date as ISO `YYYY-MM-DD`, never shifted by a time zone.
 *
 * - A Date (exceljs gives date cells at UTC midnight): its UTC year, month and day; a time
 *   of day is dropped.
 * - A number: an Excel serial in the 1900 date system, 1 to 2,958,465, fraction (time)
 *   dropped. Excel counts a 29 February 1900 that never was: serial 60 is refused, 61 is
 *   1900-03-01, 45992 is 2025-12-01.
 * - Text: `dd/mm/yyyy`, `d/m/yy` (yy is 20yy), with / - or . (the same one twice), optionally
 *   followed by a time (« 01/12/2025 00:00 », as csv exports write it), which is dropped;
 *   `yyyy-mm-dd` (or / .), optionally with a time and zone, dropped as written (no
 *   conversion: « 2025-12-01T23:30-05:00 » is 2025-12-01); `yyyy-mm` and `mm/yyyy`, which
 *   mean the last day of that month (a milestone « 2024-02 » is due by 2024-02-29).
 * - Not a date: a bare year, as text (« 2024 » could mean its first or last day: the user must
 *   say which) — a bare number is always a serial; a digit string is never a serial;
 *   dates that do not exist (« 31/02/2025 »); years outside 1900–9999; booleans.
 */
export function parseDate(cell: Cell): Parsed<string> {
  if (cell === null || cell === undefined) return ok(null);
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return NOT_OK;
    return isoIfValid(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  if (typeof cell === 'number') return fromSerial(cell);
  if (typeof cell !== 'string') return NOT_OK;
  const s = cell.trim();
  if (s === '') return ok(null);

  let m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]+\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?)?$/.exec(s);
  if (m) {
    const year = m[4]!.length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
    return isoIfValid(year, Number(m[3]), Number(m[1]));
  }
  m = /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i.exec(s);
  if (m) return isoIfValid(Number(m[1]), Number(m[3]), Number(m[4]));
  m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m) return endOfMonth(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return endOfMonth(Number(m[2]), Number(m[1]));
  return NOT_OK;
}

function fromSerial(serial: number): Parsed<string> {
  if (!Number.isFinite(serial)) return NOT_OK;
  const day = Math.floor(serial);
  if (day < 1 || day > 2_958_465 || day === 60) return NOT_OK;
  // Serials count from 1900-01-01 = 1, with the phantom 1900-02-29 = 60: below it, day 0 is
  // 1899-12-31; from 61 on, day 0 is 1899-12-30. The arithmetic is all in UTC, read in UTC.
  const origin = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const date = new Date(origin + day * DAY_MS);
  return isoIfValid(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isoIfValid(year: number, month: number, day: number): Parsed<string> {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return NOT_OK;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NOT_OK;
  return ok(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

function endOfMonth(year: number, month: number): Parsed<string> {
  if (month < 1 || month > 12) return NOT_OK;
  return isoIfValid(year, month, daysInMonth(year, month));
}

// ---------------------------------------------------------------------------------------
// Text and yes/no

/**
 * A cell as text, trimmed; null when empty. Never fails: numbers are written plainly (at most
 * 15 significant digits, as Excel shows them, so 1709.4399999999998 is « 1709.44 »), booleans
 * as Excel in French shows them (VRAI / FAUX), dates as ISO `YYYY-MM-DD`.
 */
export function parseText(cell: Cell): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') {
    const s = cell.trim();
    return s === '' ? null : s;
  }
  if (typeof cell === 'number') return Number.isFinite(cell) ? plainNumber(cell) : null;
  if (typeof cell === 'boolean') return cell ? 'VRAI' : 'FAUX';
  const date = parseDate(cell);
  return date.ok ? date.value : null;
}

function plainNumber(n: number): string {
  return String(Number(n.toPrecision(15)));
}

const TRUE_WORDS = new Set(['oui', 'vrai', 'true', 'x', '1', 'yes']);
const FALSE_WORDS = new Set(['non', 'faux', 'false', '0', 'no']);

/**
 * Yes or no: a boolean cell; 1 or 0; oui/non, vrai/faux, true/false, yes/no in any case; « x »
 * (a ticked box) is yes. Empty is null. Anything else, « peut-être » or 2, is not ok.
 */
export function parseBoolean(cell: Cell): Parsed<boolean> {
  if (cell === null || cell === undefined) return ok(null);
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number') return cell === 1 ? ok(true) : cell === 0 ? ok(false) : NOT_OK;
  if (typeof cell !== 'string') return NOT_OK;
  const s = cell.trim().toLowerCase();
  if (s === '') return ok(null);
  if (TRUE_WORDS.has(s)) return ok(true);
  if (FALSE_WORDS.has(s)) return ok(false);
  return NOT_OK;
}

// ---------------------------------------------------------------------------------------
// Quoting

const MAX_QUOTE = 80;

/**
 * The cell's raw value as the user would recognise it in their sheet, for an error message
 * (the caller adds the « »): text as typed, on one line and cut after 80 characters; a date as
 * dd/mm/yyyy (with hh:mm when it has a time); a number with a decimal comma; VRAI / FAUX.
 */
export function describeCell(cell: Cell): string {
  if (cell === null || cell === undefined) return '(vide)';
  if (typeof cell === 'string') {
    const line = cell.replace(/\s*[\r\n]+\s*/g, ' ');
    return line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE - 1)}…` : line;
  }
  if (typeof cell === 'number') return Number.isFinite(cell) ? plainNumber(cell).replace('.', ',') : String(cell);
  if (typeof cell === 'boolean') return cell ? 'VRAI' : 'FAUX';
  if (Number.isNaN(cell.getTime())) return '(date invalide)';
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${pad(cell.getUTCDate())}/${pad(cell.getUTCMonth() + 1)}/${cell.getUTCFullYear()}`;
  const h = cell.getUTCHours();
  const min = cell.getUTCMinutes();
  return h === 0 && min === 0 ? date : `${date} ${pad(h)}:${pad(min)}`;
}
