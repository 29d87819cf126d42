import { describe, expect, it } from 'vitest';
import type { Cell } from './read/types.ts';
import { describeCell, parseBoolean, parseDate, parseNumber, parseText } from './values.ts';

const utc = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));
const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('parseNumber', () => {
  it.each<[Cell, number]>([
    [1709.44, 1709.44],
    [5000000, 5000000],
    ['5000000', 5000000],
    ['1 709,44 €', 1709.44],
    ['1 709,44', 1709.44],
    [`1${NBSP}709,44`, 1709.44],
    [`1${NNBSP}709,44${NNBSP}€`, 1709.44],
    ['1 000 000', 1000000],
    ['1.709,44', 1709.44],
    ['1,709.44', 1709.44],
    ['12.500,00 €', 12500],
    ['1,000,000', 1000000],
    ['1.000.000', 1000000],
    ['-12,5', -12.5],
    ['−12,5', -12.5],
    ['+3', 3],
    ['12,5', 12.5],
    ['1,500', 1.5],
    ['1.500', 1500],
    ['100.000', 100000],
    ['12.5', 12.5],
    ['100.0', 100],
    ['0.125', 0.125],
    ['1.5000', 1.5],
    ['12 %', 12],
    ['12,5%', 12.5],
    ['1 000 EUR', 1000],
    ['250 euros', 250],
    ['€ 1 000', 1000],
    ['1 000 € HT', 1000],
    ['1 200 € TTC', 1200],
    ['1,7 k€', 1700],
    ['15 K€', 15000],
    ['2,5 M€', 2500000],
    ['1,5E+06', 1500000],
    ['  42  ', 42],
    ['-0', 0],
  ])('reads %j as %d', (cell, expected) => {
    expect(parseNumber(cell)).toEqual({ ok: true, value: expected });
  });

  it.each<Cell>([null, '', '   ', NBSP])('reads the empty cell %j as null', (cell) => {
    expect(parseNumber(cell)).toEqual({ ok: true, value: null });
  });

  it.each<Cell>([
    'Entre 200 et 500',
    'environ 500',
    '500 à 1000',
    '12 5',
    '1000 000',
    '1.2.3,4',
    '1,2,3',
    '1.709.44',
    '12,',
    ',5',
    'abc',
    '€',
    '-',
    '1-2',
    true,
    utc(2025, 12, 1),
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ])('refuses %j', (cell) => {
    expect(parseNumber(cell)).toEqual({ ok: false });
  });
});

describe('parseDate', () => {
  it.each<[Cell, string]>([
    [utc(2030, 9, 1), '2030-09-01'],
    [utc(2025, 12, 1, 18, 30), '2025-12-01'],
    [45992, '2025-12-01'],
    [47727, '2030-09-01'],
    [45992.75, '2025-12-01'],
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [2958465, '9999-12-31'],
    ['01/12/2025', '2025-12-01'],
    ['1/9/30', '2030-09-01'],
    ['29/02/2024', '2024-02-29'],
    ['01-12-2025', '2025-12-01'],
    ['01.12.2025', '2025-12-01'],
    ['01/12/2025 00:00', '2025-12-01'],
    ['01/12/2025 14:30:00', '2025-12-01'],
    ['2025-12-01', '2025-12-01'],
    ['2025-12-01T23:30:00-05:00', '2025-12-01'],
    ['2025-12-01 10:00:00', '2025-12-01'],
    ['2025-12-01T00:00:00.000Z', '2025-12-01'],
    ['2025/12/01', '2025-12-01'],
    ['2024-02', '2024-02-29'],
    ['2023-02', '2023-02-28'],
    ['2025-9', '2025-09-30'],
    ['09/2030', '2030-09-30'],
    ['12-2025', '2025-12-31'],
    [' 2025-12-01 ', '2025-12-01'],
  ])('reads %j as %s', (cell, expected) => {
    expect(parseDate(cell)).toEqual({ ok: true, value: expected });
  });

  it.each<Cell>([null, '', '  '])('reads the empty cell %j as null', (cell) => {
    expect(parseDate(cell)).toEqual({ ok: true, value: null });
  });

  it.each<Cell>([
    '31/02/2025',
    '29/02/2025',
    '31/04/2025',
    '00/12/2025',
    '01/13/2025',
    '2025-13',
    '13/2025',
    '2025-02-30',
    '2024', // a bare year as text: its first day or its last? The user must say.
    '45992', // text is never a serial
    '01/12/25/1',
    '01/12-2025',
    'début 2025',
    'T4 2025',
    60, // the 29 February 1900 that Excel counts but never was
    0,
    -5,
    2958466,
    0.5, // a time of day, no date
    Number.NaN,
    true,
    new Date(Number.NaN),
    utc(1899, 12, 30, 12), // what exceljs gives for a time-only cell
  ])('refuses %j', (cell) => {
    expect(parseDate(cell)).toEqual({ ok: false });
  });

  it('never shifts a date by the machine’s time zone', () => {
    // Whatever TZ runs the tests, UTC components are read and the text is built from them.
    for (const d of [utc(2025, 1, 1), utc(2025, 6, 30), utc(2025, 12, 31)]) {
      expect(parseDate(d)).toEqual({ ok: true, value: d.toISOString().slice(0, 10) });
    }
  });
});

describe('parseText', () => {
  it.each<[Cell, string | null]>([
    ['  Action 1. Création  ', 'Action 1. Création'],
    ['un\ndeux', 'un\ndeux'],
    ['', null],
    ['   ', null],
    [null, null],
    [75123, '75123'],
    [1709.4399999999998, '1709.44'],
    [0.1 + 0.2, '0.3'],
    [true, 'VRAI'],
    [false, 'FAUX'],
    [utc(2025, 12, 1), '2025-12-01'],
    [utc(2025, 12, 1, 14, 30), '2025-12-01'],
    [Number.NaN, null],
  ])('turns %j into %j', (cell, expected) => {
    expect(parseText(cell)).toBe(expected);
  });
});

describe('parseBoolean', () => {
  it.each<[Cell, boolean | null]>([
    [true, true],
    [false, false],
    ['oui', true],
    ['Oui', true],
    ['NON', false],
    ['vrai', true],
    ['FAUX', false],
    ['true', true],
    ['False', false],
    ['x', true],
    ['X', true],
    ['1', true],
    ['0', false],
    [1, true],
    [0, false],
    [' oui ', true],
    ['', null],
    [null, null],
  ])('reads %j as %j', (cell, expected) => {
    expect(parseBoolean(cell)).toEqual({ ok: true, value: expected });
  });

  it.each<Cell>(['peut-être', 'o', '2', 2, -1, utc(2025, 1, 1)])('refuses %j', (cell) => {
    expect(parseBoolean(cell)).toEqual({ ok: false });
  });
});

describe('describeCell', () => {
  it('quotes text as typed', () => {
    expect(describeCell('Entre 200 et 500')).toBe('Entre 200 et 500');
    expect(describeCell(' 31/02/2025 ')).toBe(' 31/02/2025 ');
  });

  it('puts multi-line text on one line and cuts long text with an ellipsis', () => {
    expect(describeCell('un\r\n  deux\ntrois')).toBe('un deux trois');
    const long = describeCell('a'.repeat(200));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });

  it('shows a date as dd/mm/yyyy, with the time only when there is one', () => {
    expect(describeCell(utc(2025, 12, 1))).toBe('01/12/2025');
    expect(describeCell(utc(2025, 12, 1, 9, 5))).toBe('01/12/2025 09:05');
  });

  it('shows numbers with a decimal comma, booleans and empty cells as Excel in French would', () => {
    expect(describeCell(1709.44)).toBe('1709,44');
    expect(describeCell(45992)).toBe('45992');
    expect(describeCell(true)).toBe('VRAI');
    expect(describeCell(false)).toBe('FAUX');
    expect(describeCell(null)).toBe('(vide)');
  });
});
