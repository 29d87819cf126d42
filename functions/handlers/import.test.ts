import pkg from '@azure/functions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REAL, readBytes } from '../../plan/import/testing.ts';
import { matchRoute } from '../match.ts';
import { toAzureHandler } from '../route.ts';
import { testRuntime, type TestRuntime } from '../testing.ts';
import { MAX_IMPORT_BYTES, XLSX_TYPE, fileNameOf, importRoutes } from './import.ts';

const { HttpRequest, InvocationContext } = pkg;

let rt: TestRuntime;
beforeEach(() => {
  rt = testRuntime();
});
afterEach(async () => {
  await rt.dispose();
});

/**
 * POST bytes as the Functions host hands them over (the shared harness sends text
 * bodies only, and an xlsx or a multipart form is binary).
 */
async function post(
  path: string,
  body: { bytes?: Uint8Array; contentType?: string } = {},
  headers: Record<string, string> = {},
) {
  const found = matchRoute(importRoutes, 'POST', path);
  if (!found) throw new Error(`no route for ${path}`);
  const req = new HttpRequest({
    method: 'POST',
    url: `http://localhost:7071/api/${path}`,
    headers: { ...(body.contentType ? { 'content-type': body.contentType } : {}), ...headers },
    params: found.params,
    ...(body.bytes ? { body: { bytes: body.bytes } } : {}),
  });
  const context = new InvocationContext({ functionName: found.route.name, invocationId: 'test', logHandler: () => {} });
  const res = await toAzureHandler(found.route)(req, context);
  return {
    status: res.status ?? 200,
    body: res.jsonBody === undefined ? undefined : JSON.parse(JSON.stringify(res.jsonBody)),
    headers: new Headers(res.headers as Record<string, string>),
  };
}

/** A multipart/form-data body as a browser would send it. */
async function multipart(fields: Record<string, string | { bytes: Uint8Array; name: string; type: string }>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value.bytes as Uint8Array<ArrayBuffer>], { type: value.type }), value.name);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { bytes: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

async function storedNothing() {
  expect((await rt.store.listPlans('t1')).items).toEqual([]);
  expect((await rt.store.listPeople('t1')).items).toEqual([]);
  expect(await rt.store.getTenant('t1')).toBeNull();
}

describe('POST /api/plans/import', () => {
  it('imports the real Paris csv sent as the raw body: 201, its plan stored, Location set', async () => {
    const res = await post('plans/import?fileName=paris_budget_participatif.csv', {
      bytes: readBytes(REAL.paris),
      contentType: 'text/csv',
    });
    expect(res.status).toBe(201);
    expect(res.body.errors).toEqual([]);
    expect(res.body.format).toBe('profile:budget-participatif-paris');
    expect([res.body.ambitions, res.body.projects, res.body.milestones]).toEqual([11, 1214, 4446]);
    expect(res.body.dryRun).toBe(false);
    expect(res.headers.get('location')).toBe(`/api/plans/${res.body.planId}`);
    const tree = await rt.store.loadPlan('t1', res.body.planId);
    expect(tree!.projects).toHaveLength(1214);
    expect(tree!.plan.source!.fileName).toBe('paris_budget_participatif.csv');
    // French messages by default.
    expect(res.body.warnings.find((w: { code: string }) => w.code === 'untitled-project').message).toContain('projet sans titre');
  });

  it('imports the real CLS xlsx sent as multipart, titled by the form’s plan field', async () => {
    const form = await multipart({
      file: { bytes: readBytes(REAL.cls), name: 'C:\\fakepath\\ccbdp_cls.xlsx', type: XLSX_TYPE },
      plan: 'CLS du Pays de Bray',
    });
    const res = await post('plans/import', form);
    expect(res.status).toBe(201);
    expect([res.body.ambitions, res.body.objectives, res.body.projects]).toEqual([5, 16, 29]);
    const tree = await rt.store.loadPlan('t1', res.body.planId);
    expect(tree!.plan.title).toBe('CLS du Pays de Bray');
    expect(tree!.plan.source!.fileName).toBe('ccbdp_cls.xlsx');
  });

  it('takes the file name from Content-Disposition, and the title from ?plan=', async () => {
    const res = await post(
      'plans/import?plan=Plan%20sant%C3%A9',
      { bytes: readBytes(REAL.cls), contentType: 'application/octet-stream' },
      { 'content-disposition': "attachment; filename=\"x.xlsx\"; filename*=UTF-8''sant%C3%A9%202025.xlsx" },
    );
    expect(res.status).toBe(201);
    const tree = await rt.store.loadPlan('t1', res.body.planId);
    expect(tree!.plan.title).toBe('Plan santé');
    expect(tree!.plan.source!.fileName).toBe('santé 2025.xlsx');
  });

  it('previews with ?dryRun=true, or the form’s dryRun field: 200, the counts, and nothing stored', async () => {
    const raw = await post('plans/import?dryRun=true', { bytes: readBytes(REAL.cls), contentType: XLSX_TYPE });
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({ dryRun: true, planId: null, projects: 29 });
    expect(raw.body.summary.created).toBeGreaterThan(29);
    const form = await multipart({ file: { bytes: readBytes(REAL.cls), name: 'cls.xlsx', type: XLSX_TYPE }, dryRun: 'true' });
    expect((await post('plans/import', form)).status).toBe(200);
    await storedNothing();
  });

  it('rejects the file with the budget issue: 422, the row-level error in French, nothing stored', async () => {
    const form = await multipart({
      file: { bytes: readBytes(REAL.budgetIssue), name: 'plan_budget_issue.xlsx', type: XLSX_TYPE },
    });
    const res = await post('plans/import', form);
    expect(res.status).toBe(422);
    expect(res.body.planId).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors;
    expect(error).toMatchObject({ code: 'bad-number', column: 'Budget prévisionnel total € HT' });
    expect(typeof error.row).toBe('number');
    expect(error.message).toMatch(/^ligne \d+, colonne Budget prévisionnel total € HT : « Entre 200 et 500 » n’est pas un nombre/);
    expect(error.message).toContain('Ajouter caméra de surveillance au parking à vélo 2040-2044');
    await storedNothing();
  });

  it('gives the rejection in English with Accept-Language: en', async () => {
    const res = await post(
      'plans/import',
      { bytes: readBytes(REAL.budgetIssue), contentType: XLSX_TYPE },
      { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' },
    );
    expect(res.status).toBe(422);
    expect(res.body.errors[0].message).toMatch(/^row \d+, column Budget prévisionnel total € HT: "Entre 200 et 500" is not a number/);
    expect(res.body.errors[0].message).toContain('expects a number');
    await storedNothing();
  });

  it('answers 400 in French, and in English, for an empty body or a form without a file', async () => {
    const empty = await post('plans/import', { contentType: 'text/csv' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('Aucun fichier reçu');
    const emptyEn = await post('plans/import', { bytes: new Uint8Array(0), contentType: 'text/csv' }, { 'accept-language': 'en' });
    expect(emptyEn.body.error.message).toContain('No file received');
    const noFile = await post('plans/import', await multipart({ plan: 'Sans fichier' }));
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.message).toBe('Le formulaire n’a pas de champ « file » contenant un fichier.');
    const badFlag = await post('plans/import?dryRun=oui', { bytes: readBytes(REAL.cls), contentType: XLSX_TYPE });
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.error.message).toContain('dryRun doit valoir true ou false');
    await storedNothing();
  });

  it('answers 413 with a French message for a body above the limit, by its Content-Length or its bytes', async () => {
    const declared = await post(
      'plans/import',
      { bytes: new TextEncoder().encode('a;b\n1;2\n'), contentType: 'text/csv' },
      { 'content-length': String(MAX_IMPORT_BYTES + 1) },
    );
    expect(declared.status).toBe(413);
    expect(declared.body.error.message).toBe(
      'Fichier trop volumineux : 20 Mo au plus. Retirez les feuilles et les colonnes inutiles, ou enregistrez-le en CSV.',
    );
    const big = new Uint8Array(MAX_IMPORT_BYTES + 10).fill(0x61);
    const actual = await post('plans/import', { bytes: big, contentType: 'text/csv' });
    expect(actual.status).toBe(413);
    await storedNothing();
  });

  it('answers 415 for a body that is not a spreadsheet', async () => {
    const res = await post('plans/import', { bytes: new TextEncoder().encode('{"a":1}'), contentType: 'application/json' });
    expect(res.status).toBe(415);
    expect(res.body.error.message).toContain('Type de contenu « application/json » non pris en charge');
  });
});

describe('POST /api/plans/{planId}/import', () => {
  it('answers 404 for an unknown plan, in French then in English, and stores nothing', async () => {
    const fr = await post('plans/inconnu/import', { bytes: readBytes(REAL.cls), contentType: XLSX_TYPE });
    expect(fr.status).toBe(404);
    expect(fr.body.error.message).toBe('Plan inconnu introuvable.');
    const en = await post('plans/inconnu/import', { bytes: readBytes(REAL.cls), contentType: XLSX_TYPE }, { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('Plan inconnu not found.');
    await storedNothing();
  });

  it('re-imports the same file into its plan: the preview and the import change nothing', async () => {
    const first = await post('plans/import', { bytes: readBytes(REAL.cls), contentType: XLSX_TYPE });
    const planId = first.body.planId as string;
    const before = await rt.store.loadPlan('t1', planId);
    const preview = await post(`plans/${planId}/import?dryRun=true`, { bytes: readBytes(REAL.cls), contentType: XLSX_TYPE });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ planId, dryRun: true, changes: [] });
    expect(preview.body.summary).toMatchObject({ created: 0, updated: 0 });
    const again = await post(`plans/${planId}/import`, { bytes: readBytes(REAL.cls), contentType: XLSX_TYPE });
    expect(again.status).toBe(201);
    expect(again.body.planId).toBe(planId);
    expect((await rt.store.loadPlan('t1', planId))!.plan.etag).toBe(before!.plan.etag);
    expect((await rt.store.listPlans('t1')).items).toHaveLength(1);
  });
});

describe('fileNameOf', () => {
  it('reads filename*= first, then filename=', () => {
    expect(fileNameOf("attachment; filename*=UTF-8''plan%20d%E2%80%99actions.csv")).toBe('plan d’actions.csv');
    expect(fileNameOf('attachment; filename="plan \\"2025\\".xlsx"')).toBe('plan "2025".xlsx');
    expect(fileNameOf('inline; filename=plan.csv')).toBe('plan.csv');
    expect(fileNameOf('attachment')).toBeNull();
    expect(fileNameOf(null)).toBeNull();
  });
});

