import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
// jszip comes with exceljs; the tests use it to reshape generated workbooks.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readWorkbook, UnreadableFileError } from './index.ts';
import type { Sheet, Workbook } from './types.ts';

// Real files live beside the repository, read-only: <repo>/../shared/data/real/.
const REAL = new URL('../../../../shared/data/real/', import.meta.url);
const CLS = 'ccbdp_contrat_local_sante_2025-2030_plan_actions.xlsx';
const PARIS = 'paris_budget_participatif_projets_laureats.csv';
const real = (name: string): Uint8Array => readFileSync(new URL(name, REAL));

const sheet = (wb: Workbook, name: string): Sheet => {
  const found = wb.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
};
const row = (s: Sheet, number: number) => s.rows.find((r) => r.number === number);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** An xlsx written by exceljs, then optionally reshaped at the XML level. */
async function makeXlsx(build: (wb: ExcelJS.Workbook) => void, patch?: (zip: JSZip) => Promise<void>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const written = await wb.xlsx.writeBuffer();
  if (!patch) return new Uint8Array(written as ArrayBuffer);
  const zip = await JSZip.loadAsync(written);
  await patch(zip);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function rewrite(zip: JSZip, path: string, edit: (xml: string) => string): Promise<void> {
  const file = zip.file(path);
  if (!file) throw new Error(`no ${path} in the zip`);
  zip.file(path, edit(await file.async('string')));
}

async function unreadable(input: Parameters<typeof readWorkbook>[0]): Promise<UnreadableFileError> {
  const error = await readWorkbook(input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnreadableFileError);
  return error as UnreadableFileError;
}

/** Where a zip entry's compressed bytes start, from its local file header. */
function entryData(bytes: Uint8Array, name: string): { start: number; size: number } {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i + 30 < view.length; i++) {
    if (view.readUInt32LE(i) !== 0x04034b50) continue;
    const nameLength = view.readUInt16LE(i + 26);
    if (view.toString('utf8', i + 30, i + 30 + nameLength) === name) {
      return { start: i + 30 + nameLength + view.readUInt16LE(i + 28), size: view.readUInt32LE(i + 18) };
    }
  }
  throw new Error(`no ${name} in the zip`);
}

describe('readWorkbook on the real CLS plan (xlsx)', () => {
  it('reads its three sheets, in tab order, with their names as in the file', async () => {
    const wb = await readWorkbook({ bytes: real(CLS), fileName: CLS });
    expect(wb.format).toBe('xlsx');
    expect(wb.sheets.map((s) => s.name)).toEqual(['Mode demploi', 'Fichier dimport', 'Listes déroulantes']);
    expect(wb.encoding).toBeUndefined();
  });

  it('puts column A in cells[0], so that the header « Titre de l’action » of column D is cells[3] of row 2', async () => {
    const s = sheet(await readWorkbook({ bytes: real(CLS), fileName: CLS }), 'Fichier dimport');
    expect(row(s, 2)?.cells[0]).toBe('Axe (x)');
    expect(row(s, 2)?.cells[3]).toBe("Titre de l'action");
    expect(row(s, 2)?.cells).toHaveLength(36);
  });

  it('gives date-formatted cells as Dates at UTC midnight: the first action starts on 2025-12-01', async () => {
    const s = sheet(await readWorkbook({ bytes: real(CLS), fileName: CLS }), 'Fichier dimport');
    expect(row(s, 4)?.cells[26]).toEqual(utc(2025, 12, 1));
    expect(row(s, 4)?.cells[27]).toEqual(utc(2030, 9, 1));
    expect(row(s, 4)?.cells[23]).toBe(5000000);
    expect(row(s, 4)?.cells[28]).toBe(true);
  });

  it('reduces rich text to its plain text and keeps multi-line cells with \\n', async () => {
    const s = sheet(await readWorkbook({ bytes: real(CLS), fileName: CLS }), 'Fichier dimport');
    const hints = row(s, 3)?.cells ?? [];
    expect(hints.every((c) => c === null || typeof c === 'string')).toBe(true);
    expect(hints[8]).toBe('Champ texte non importé\n🟢 Clé pour le pilotage');
  });

  it('stops at row 32, the last with a value, although the sheet declares 197 rows', async () => {
    const s = sheet(await readWorkbook({ bytes: real(CLS), fileName: CLS }), 'Fichier dimport');
    expect(s.rows.at(-1)?.number).toBe(32);
    expect(s.rows.map((r) => r.number)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });

  it('keeps only the rows that hold a value, with their own numbers', async () => {
    const s = sheet(await readWorkbook({ bytes: real(CLS), fileName: CLS }), 'Mode demploi');
    expect(s.rows.map((r) => r.number)).toEqual([1, 2, 3, 4]);
  });
});

describe('readWorkbook on the real Paris participatory budget (csv)', () => {
  it('detects UTF-8 and the ; separator, and strips the BOM from the first header', async () => {
    const wb = await readWorkbook({ bytes: real(PARIS), fileName: PARIS });
    expect(wb.format).toBe('csv');
    expect(wb.encoding).toBe('utf-8');
    expect(wb.separator).toBe(';');
    expect(wb.sheets).toHaveLength(1);
    expect(wb.sheets[0]?.name).toBe('paris_budget_participatif_projets_laureats');
    expect(wb.sheets[0]?.rows[0]?.cells[0]).toBe('Identifiant du projet lauréat');
  });

  it('reads the header and the 1,214 projects as rows 1 to 1,215', async () => {
    const rows = (await readWorkbook({ bytes: real(PARIS), fileName: PARIS })).sheets[0]?.rows ?? [];
    expect(rows).toHaveLength(1215);
    expect(rows[0]?.number).toBe(1);
    expect(rows.at(-1)?.number).toBe(1215);
    // The last column, « Dernière mise à jour », is always empty: cells stop before it.
    expect(rows[0]?.cells).toHaveLength(19);
    expect(rows[1]?.cells.length).toBeLessThanOrEqual(18);
  });

  it('turns the doubled quotes inside quoted titles into single quotes', async () => {
    const rows = (await readWorkbook({ bytes: real(PARIS), fileName: PARIS })).sheets[0]?.rows ?? [];
    const titles = rows.map((r) => r.cells[4]);
    expect(titles).toContain('Des "mallettes de jeux " dans les écoles du XXème');
    expect(titles).toContain('Réinventer la maison pour tous "YMCA" de la rue de Trévise');
    expect(titles).toContain('Création d\'un véritable "Coeur de Ville" dans le 20e');
    expect(titles.filter((t) => typeof t === 'string' && t.includes('""'))).toEqual([]);
  });

  it('gives every csv cell as text, or null when empty', async () => {
    const rows = (await readWorkbook({ bytes: real(PARIS), fileName: PARIS })).sheets[0]?.rows ?? [];
    const kinds = new Set(rows.flatMap((r) => r.cells.map((c) => (c === null ? 'null' : typeof c))));
    expect([...kinds].sort()).toEqual(['null', 'string']);
    expect(rows[1]?.cells).not.toContain('');
  });
});

describe('readWorkbook on csv files', () => {
  const csv = (text: string, fileName = 'plan.csv') => readWorkbook({ bytes: Buffer.from(text, 'utf8'), fileName });

  it('decodes a Windows-1252 file with iconv-lite, so that ’ œ € é come out right', async () => {
    const text = 'Titre;Montant\r\nL’œuvre d’été;1 709,44 €\r\n« Cœur »;12\r\n';
    const wb = await readWorkbook({ bytes: iconv.encode(text, 'windows-1252'), fileName: 'ancien.csv' });
    expect(wb.encoding).toBe('windows-1252');
    expect(wb.separator).toBe(';');
    expect(wb.sheets[0]?.rows.map((r) => r.cells)).toEqual([
      ['Titre', 'Montant'],
      ['L’œuvre d’été', '1 709,44 €'],
      ['« Cœur »', '12'],
    ]);
  });

  it('detects the comma, ignoring commas inside quoted fields', async () => {
    const wb = await csv('mesure,valeur,unite\n"Rénover, isoler",100.0,%\n"Planter",12.5,arbres\n');
    expect(wb.separator).toBe(',');
    expect(wb.sheets[0]?.rows[1]?.cells).toEqual(['Rénover, isoler', '100.0', '%']);
  });

  it('keeps ; when the data holds decimal commas and a header holds a comma', async () => {
    const wb = await csv('Nom, prénom;Budget;Taux\nMartin, Claire;1,5;2,25\nDurand, Paul;3;4,5\n');
    expect(wb.separator).toBe(';');
    expect(wb.sheets[0]?.rows[1]?.cells).toEqual(['Martin, Claire', '1,5', '2,25']);
  });

  it('detects the tab and the pipe', async () => {
    expect((await csv('a\tb\tc\n1\t2\t3\n')).separator).toBe('\t');
    expect((await csv('a|b|c\n1|2|3\n')).separator).toBe('|');
  });

  it('numbers rows as Excel shows them: empty lines count, a multi-line cell stays one row', async () => {
    const wb = await csv('Titre;Objectifs\r\nA;"un\r\ndeux"\r\n\r\nB;trois\r\n;\r\n');
    expect(wb.sheets[0]?.rows).toEqual([
      { number: 1, cells: ['Titre', 'Objectifs'] },
      { number: 2, cells: ['A', 'un\ndeux'] },
      { number: 4, cells: ['B', 'trois'] },
    ]);
  });

  it('accepts short and long rows, and quotes inside unquoted fields', async () => {
    const wb = await csv('a;b;c\n1\n1;2;3;4\nSalle "Jean Moulin";x\n');
    expect(wb.sheets[0]?.rows.map((r) => r.cells)).toEqual([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4'], ['Salle "Jean Moulin"', 'x']]);
  });

  it('treats cells of only spaces as empty', async () => {
    const wb = await csv('a;b\n  ;\u00a0\nx;  y \n');
    expect(wb.sheets[0]?.rows.map((r) => r.cells)).toEqual([['a', 'b'], ['x', '  y ']]);
  });

  it('reads a csv by its content even when the content type says Excel, as Windows browsers send', async () => {
    const wb = await readWorkbook({ bytes: Buffer.from('a;b\n1;2\n'), fileName: 'export', contentType: 'application/vnd.ms-excel' });
    expect(wb.format).toBe('csv');
    expect(wb.sheets[0]?.name).toBe('export');
  });

  it('refuses a quote that never closes, naming the line', async () => {
    const error = await unreadable({ bytes: Buffer.from('a;b\n1;2\n3;"jamais fermé\n4;5\n'), fileName: 'plan.csv' });
    expect(error.reason).toBe('malformed-csv');
    expect(error.message).toMatch(/n’est pas un fichier CSV lisible \(ligne 3\) : un guillemet/);
    expect(error.messageEn).toMatch(/\(line 3\)/);
  });

  it('refuses UTF-16 text, Excel’s « Texte Unicode », and says to save as CSV UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb\r\n1\t2\r\n', 'utf16le')]);
    const error = await unreadable({ bytes, fileName: 'plan.txt' });
    expect(error.reason).toBe('unsupported-encoding');
    expect(error.message).toMatch(/CSV UTF-8/);
  });
});

describe('readWorkbook on xlsx files written for the test', () => {
  it('reads only the data rows of a sheet that declares 1,048,576 rows', async () => {
    const bytes = await makeXlsx(
      (wb) => {
        const ws = wb.addWorksheet('Plan');
        ws.addRow(['Titre', 'Budget', 'Début']);
        ws.addRow(['Action 1', 1000, utc(2025, 12, 1)]);
        ws.addRow(['Action 2', 2000, utc(2030, 9, 1)]);
      },
      (zip) => rewrite(zip, 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:N1048576"/>')),
    );
    const rows = (await readWorkbook({ bytes, fileName: 'plan.xlsx' })).sheets[0]?.rows ?? [];
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(rows[2]?.cells).toEqual(['Action 2', 2000, utc(2030, 9, 1)]);
  });

  it('streams past a million formatted empty rows and keeps only the data rows', async () => {
    const emptyRows: string[] = [];
    for (let r = 4; r <= 1_048_576; r++) emptyRows.push(`<row r="${r}" s="1" customFormat="1"/>`);
    const bytes = await makeXlsx(
      (wb) => {
        const ws = wb.addWorksheet('Plan');
        ws.addRow(['Titre', 'Début']);
        ws.addRow(['Action 1', utc(2025, 12, 1)]); // gives the workbook the style s="1"
        ws.addRow(['Action 2', utc(2030, 9, 1)]);
      },
      (zip) =>
        rewrite(zip, 'xl/worksheets/sheet1.xml', (xml) =>
          xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:N1048576"/>').replace('</sheetData>', `${emptyRows.join('')}</sheetData>`),
        ),
    );
    const rows = (await readWorkbook({ bytes, fileName: 'plan.xlsx' })).sheets[0]?.rows ?? [];
    expect(rows).toHaveLength(3);
    expect(rows.at(-1)?.number).toBe(3);
  });

  it('reduces rich text, formulas, hyperlinks and errors to plain values', async () => {
    const bytes = await makeXlsx((wb) => {
      const ws = wb.addWorksheet('Valeurs');
      ws.getCell('A1').value = { richText: [{ text: 'Gras ', font: { bold: true } }, { text: 'et normal' }] };
      ws.getCell('B1').value = { formula: 'C1*2', result: 4 };
      ws.getCell('C1').value = 2;
      ws.getCell('D1').value = { text: 'Le site', hyperlink: 'https://example.org' };
      ws.getCell('E1').value = { error: '#N/A' };
      ws.getCell('F1').value = { formula: 'A1', result: 'Texte calculé' };
      ws.getCell('G1').value = { formula: 'C1+1' } as ExcelJS.CellFormulaValue; // never computed
      ws.getCell('H1').value = { formula: 'C1=2', result: true };
    });
    const cells = (await readWorkbook({ bytes, fileName: 'v.xlsx' })).sheets[0]?.rows[0]?.cells;
    // H1: exceljs's streaming reader parses every non-string formula result as a number.
    expect(cells).toEqual(['Gras et normal', 4, 2, 'Le site', null, 'Texte calculé', null, 1]);
  });

  it('keeps strings as typed, with \\n line ends, Excel’s _x000D_ decoded, and blank strings as null', async () => {
    const bytes = await makeXlsx(
      (wb) => {
        const ws = wb.addWorksheet('Textes');
        ws.getCell('A1').value = '  espaces gardés ';
        ws.getCell('B1').value = 'CR_LF';
        ws.getCell('C1').value = 'ESCAPED';
        ws.getCell('D1').value = '   ';
        ws.getCell('E1').value = 'fin';
        ws.getCell('A3').value = '';
      },
      (zip) =>
        rewrite(zip, 'xl/sharedStrings.xml', (xml) =>
          xml
            .replace('<t>CR_LF</t>', '<t xml:space="preserve">un&#13;&#10;deux</t>')
            .replace('<t>ESCAPED</t>', '<t xml:space="preserve">un_x000D_\ndeux _x005F_x0041_</t>'),
        ),
    );
    const rows = (await readWorkbook({ bytes, fileName: 't.xlsx' })).sheets[0]?.rows;
    expect(rows).toEqual([{ number: 1, cells: ['  espaces gardés ', 'un\ndeux', 'un\ndeux _x0041_', null, 'fin'] }]);
  });

  it('keeps the rows’ own numbers across gaps and trims empty cells at the end of a row', async () => {
    const bytes = await makeXlsx((wb) => {
      const ws = wb.addWorksheet('Trous');
      ws.getCell('B2').value = 'b2';
      ws.getCell('A7').value = 7;
      ws.getCell('F7').numFmt = '0.00'; // formatted, no value
    });
    const rows = (await readWorkbook({ bytes, fileName: 't.xlsx' })).sheets[0]?.rows;
    expect(rows).toEqual([
      { number: 2, cells: [null, 'b2'] },
      { number: 7, cells: [7] },
    ]);
  });

  it('reads a sheet whose name is longer than 31 characters, which exceljs’s loader refuses', async () => {
    const long = 'Plan d’actions 2025-2030 — version votée en conseil';
    const bytes = await makeXlsx(
      (wb) => wb.addWorksheet('Court').addRow(['x']),
      (zip) => rewrite(zip, 'xl/workbook.xml', (xml) => xml.replace('name="Court"', `name="${long}"`)),
    );
    const wb = await readWorkbook({ bytes, fileName: 'long.xlsx' });
    expect(wb.sheets.map((s) => s.name)).toEqual([long]);
    expect(wb.sheets[0]?.rows[0]?.cells).toEqual(['x']);
  });

  it('orders the sheets as the tabs, not as the files inside the zip', async () => {
    const bytes = await makeXlsx(
      (wb) => {
        wb.addWorksheet('Premier').addRow([1]);
        wb.addWorksheet('Second').addRow([2]);
      },
      (zip) =>
        rewrite(zip, 'xl/workbook.xml', (xml) => {
          const tags = xml.match(/<sheet [^>]*\/>/g) ?? [];
          expect(tags).toHaveLength(2);
          return xml.replace(tags.join(''), [...tags].reverse().join(''));
        }),
    );
    const wb = await readWorkbook({ bytes, fileName: 'ordre.xlsx' });
    expect(wb.sheets.map((s) => [s.name, s.rows[0]?.cells[0]])).toEqual([
      ['Second', 2],
      ['Premier', 1],
    ]);
  });

  it('reads an xlsx by its bytes whatever its name says', async () => {
    const bytes = await makeXlsx((wb) => wb.addWorksheet('A').addRow(['ok']));
    const wb = await readWorkbook({ bytes, fileName: 'export.csv', contentType: 'text/csv' });
    expect(wb.format).toBe('xlsx');
  });
});

describe('readWorkbook on files it cannot read', () => {
  it('says « vide » for a file of 0 bytes', async () => {
    const error = await unreadable({ bytes: new Uint8Array(0), fileName: 'plan.xlsx' });
    expect(error.reason).toBe('empty');
    expect(error.message).toBe('Le fichier «\u00a0plan.xlsx\u00a0» est vide.');
    expect(error.messageEn).toBe('The file "plan.xlsx" is empty.');
  });

  it('says « vide » for a csv holding only a BOM and blank lines', async () => {
    const error = await unreadable({ bytes: Buffer.from('\ufeff \r\n\r\n\t', 'utf8'), fileName: 'plan.csv' });
    expect(error.message).toMatch(/vide/);
  });

  it('refuses random bytes named .xlsx as not a readable Excel workbook', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251);
    const error = await unreadable({ bytes, fileName: 'plan.xlsx' });
    expect(error.reason).toBe('not-a-workbook');
    expect(error.message).toMatch(/^Le fichier «\u00a0plan\.xlsx\u00a0» n’est pas un classeur Excel lisible/);
  });

  it('refuses a truncated zip as damaged', async () => {
    const bytes = real(CLS);
    const error = await unreadable({ bytes: bytes.subarray(0, Math.floor(bytes.length / 2)), fileName: CLS });
    expect(error.reason).toBe('corrupt');
    expect(error.message).toMatch(/n’est pas un classeur Excel lisible : il est endommagé ou incomplet/);
  });

  it('refuses a zip whose compressed data is damaged, instead of waiting forever', async () => {
    // Damage inside xl/styles.xml makes unzipper fail while exceljs reads that entry:
    // exceljs alone never settles (found by fuzzing the real file).
    const bytes = Uint8Array.from(real(CLS));
    const { start, size } = entryData(bytes, 'xl/styles.xml');
    bytes.fill(0xff, start + Math.floor(size / 2), start + Math.floor(size / 2) + 16);
    const error = await unreadable({ bytes, fileName: CLS });
    expect(error.reason).toBe('corrupt');
    expect(error.cause).toBeDefined();
  });

  it('refuses a zip that is not a workbook', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', '<document/>');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const error = await unreadable({ bytes, fileName: 'rapport.xlsx' });
    expect(error.reason).toBe('not-a-workbook');
  });

  it('refuses an Excel 97-2003 file and says to save it as .xlsx or .csv', async () => {
    const bytes = new Uint8Array(1024);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const error = await unreadable({ bytes, fileName: 'plan.xls' });
    expect(error.reason).toBe('legacy-xls');
    expect(error.message).toMatch(/Excel 97-2003 \(\.xls\)/);
    expect(error.message).toMatch(/\.xlsx/);
    expect(error.message).toMatch(/\.csv/);
  });

  it('refuses binary content that comes with a csv name', async () => {
    const bytes = Uint8Array.from({ length: 2048 }, (_, i) => (i % 3 === 0 ? 0 : 65 + (i % 26)));
    const error = await unreadable({ bytes, fileName: 'plan.csv' });
    expect(error.reason).toBe('not-a-workbook');
  });
});
