import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Milestone, PlanTree, Project } from '../model.ts';
import { importPlan, type ImportRequest } from './index.ts';
import { REAL, readBytes, tempStore, type TempStore } from './testing.ts';

const T = 'tenant-a';
let ts: TempStore;
beforeEach(() => {
  ts = tempStore();
});
afterEach(async () => {
  await ts.dispose();
});

const run = (path: string, extra: Partial<ImportRequest> = {}) =>
  importPlan(ts.store, { tenantId: T, bytes: readBytes(path), fileName: path, ...extra });

async function tree(planId: string | null): Promise<PlanTree> {
  const t = await ts.store.loadPlan(T, planId!);
  if (!t) throw new Error('plan not stored');
  return t;
}

async function storedCount(): Promise<number> {
  const plans = await ts.store.listPlans(T);
  const people = await ts.store.listPeople(T);
  return plans.items.length + people.items.length + ((await ts.store.getTenant(T)) ? 1 : 0);
}

async function xlsxBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('the real Contrat Local de Santé plan (Territoires en Transitions template)', () => {
  it('gives 5 ambitions, 16 objectives, 29 projects and 0 milestones, with no warning', async () => {
    const r = await run(REAL.cls);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect([r.ambitions, r.objectives, r.projects, r.milestones]).toEqual([5, 16, 29, 0]);
    const t = await tree(r.planId);
    expect([t.ambitions.length, t.objectives.length, t.projects.length, t.milestones.length]).toEqual([5, 16, 29, 0]);
    expect(t.plan.title).toBe('Contrat Local de Santé 2025-2030');
  });

  it('drops the template placeholder « Sous-Sous Axe » and hangs action 1 on its sous-axe', async () => {
    const t = await tree((await run(REAL.cls)).planId);
    expect(t.objectives.map((o) => o.title)).not.toContain('Sous-Sous Axe');
    const action1 = t.projects.find((p) => p.title.startsWith('Action 1.'))!;
    const objective = t.objectives.find((o) => o.id === action1.objectiveId)!;
    expect(objective.title).toBe('Objectif stratégique 1. Impulser une dynamique participative');
    expect(objective.parentId).toBeNull();
    expect(t.ambitions.find((a) => a.id === action1.ambitionId)!.title).toBe('Axe 1. COORDINATION DU CLS - AXE TRANSVERSAL');
  });

  it('reads axes 3 to 5, whose objectives sit in the sous-sous-axe column, under their axis', async () => {
    const t = await tree((await run(REAL.cls)).planId);
    const axe3 = t.ambitions.find((a) => a.title.startsWith('Axe 3.'))!;
    const objectives = t.objectives.filter((o) => o.ambitionId === axe3.id);
    expect(objectives.map((o) => o.title.slice(0, 22))).toEqual([
      'Objectif stratégique 1',
      'Objectif stratégique 2',
      'Objectif stratégique 3',
      'Objectif stratégique 4',
    ]);
    expect(t.projects.filter((p) => p.ambitionId === axe3.id)).toHaveLength(12);
  });

  it('makes people of the pilots that look like people and partners text of the rest', async () => {
    const r = await run(REAL.cls);
    const t = await tree(r.planId);
    const people = (await ts.store.listPeople(T)).items;
    const names = people.map((p) => p.displayName).sort();
    expect(names).toEqual(['Agnès DUBOIS', 'Claire MARTIN', 'Inès ROUX', 'Lucie Bernier', 'Paul FAURE']);
    const claire = people.find((p) => p.displayName === 'Claire MARTIN')!;
    expect(claire.entraObjectId).toBeNull();
    const action17 = t.projects.find((p) => p.title.startsWith('Fiche Action 17.'))!;
    expect(action17.ownerId).toBe(claire.id);
    expect(action17.partners).toBe('PSMS, SSIAD, ADMR');
    const action12 = t.projects.find((p) => p.title.startsWith('Fiche Action 12.'))!;
    expect(action12.coOwnerIds).toHaveLength(2);
    // « Lucie Bernier, Hugo bis »: one élu référent, and « Hugo bis » is no name.
    const action1 = t.projects.find((p) => p.title.startsWith('Action 1.'))!;
    expect(people.find((p) => p.id === action1.eluId)!.displayName).toBe('Lucie Bernier');
    expect(action1.partners).toBe('Giga partenaire, Hugo bis');
    const unlinked = await ts.store.listPeople(T, { unlinked: true });
    expect(unlinked.items).toHaveLength(5);
  });

  it('reads directions, funders, budget, status, priority and Excel serial dates', async () => {
    const t = await tree((await run(REAL.cls)).planId);
    const tenant = await ts.store.getTenant(T);
    const action1 = t.projects.find((p) => p.title.startsWith('Action 1.'))!;
    const dirs = tenant!.settings.directions;
    expect(dirs.find((d) => d.id === action1.leadDirectionId)!.name).toBe('COM L1');
    expect(action1.coDirectionIds.map((id) => dirs.find((d) => d.id === id)!.name)).toEqual(['Contrat Local de Santé']);
    expect(action1.budget).toEqual({
      planned: 5_000_000,
      funders: [
        { name: 'John Doe', amount: 1000 },
        { name: 'Gérard', amount: 25000 },
        { name: 'Michel', amount: 666 },
      ],
    });
    expect([action1.status, action1.priority, action1.startDate, action1.endDate]).toEqual([
      'À venir',
      'Élevée',
      '2025-12-01',
      '2030-09-01',
    ]);
    expect(t.projects.filter((p) => p.status === 'À discuter')).toHaveLength(1);
    expect(tenant!.settings.defaultPlanId).toBe(t.plan.id);
  });
});

describe('the Paris participatory-budget list (flat csv through its built-in profile)', () => {
  it('gives 11 ambitions, 1,214 projects and 4,446 milestones', async () => {
    const r = await run(REAL.paris);
    expect(r.errors).toEqual([]);
    expect(r.format).toBe('profile:budget-participatif-paris');
    expect([r.ambitions, r.objectives, r.projects, r.milestones]).toEqual([11, 0, 1214, 4446]);
    const t = await tree(r.planId);
    expect([t.ambitions.length, t.projects.length, t.milestones.length]).toEqual([11, 1214, 4446]);
  });

  it('names the 5 projects without a title « Projet <id> (sans titre) », each with a warning', async () => {
    const r = await run(REAL.paris);
    const untitled = r.warnings.filter((w) => w.code === 'untitled-project');
    expect(untitled).toHaveLength(5);
    const t = await tree(r.planId);
    expect(t.projects.find((p) => p.key === 'id:2204')!.title).toBe('Projet 2204 (sans titre)');
    expect(untitled[0]!.message).toContain('ligne 2');
  });

  it('marks the milestones reached that each status code says', async () => {
    const t = await tree((await run(REAL.paris)).planId);
    const byProject = new Map<string, Milestone[]>();
    for (const m of t.milestones) byProject.set(m.projectId!, [...(byProject.get(m.projectId!) ?? []), m]);
    const stage = (m: Milestone) => m.key!.split('#')[1];
    const check = (code: string, expected: (m: Milestone) => string, status: Project['status']) => {
      const projects = t.projects.filter((p) => p.extra['Avancement du projet'] === code);
      expect(projects.length).toBeGreaterThan(0);
      for (const p of projects) {
        expect(p.status).toBe(status);
        for (const m of byProject.get(p.id) ?? []) expect([stage(m), m.state]).toEqual([stage(m), expected(m)]);
      }
    };
    const order = ['etudes', 'procedures', 'travaux', 'livraison', 'ouverture'];
    const upTo = (n: number, current: boolean) => (m: Milestone) => {
      const i = order.indexOf(stage(m)!);
      return i < n ? 'Atteint' : i === n && current ? 'En cours' : 'À venir';
    };
    check('FIN', () => 'Atteint', 'Terminé');
    check('LIVRAISON', upTo(3, true), 'En cours');
    check('TRAVAUX', upTo(2, true), 'En cours');
    check('PROCEDURES', upTo(1, true), 'En cours');
    check('ETUDES', upTo(0, true), 'En cours');
    check('(non démarré)', () => 'À venir', 'À venir');
    check('ABANDONNÉ', () => 'Abandonné', 'Abandonné');
  });

  it('reads a YYYY-MM date as the last day of that month', async () => {
    const t = await tree((await run(REAL.paris)).planId);
    const p = t.projects.find((x) => x.key === 'id:2204')!;
    const ms = t.milestones.filter((m) => m.projectId === p.id).map((m) => [m.title, m.baselineDate]);
    expect(ms).toEqual([
      ['Début des études', '2017-07-31'],
      ['Lancement des procédures', '2018-04-30'],
      ['Lancement des travaux', '2018-01-31'],
      ['Livraison', '2018-06-30'],
      ['Ouverture au public', '2020-02-29'],
    ]);
    expect(p.budget.planned).toBe(1_500_000);
    expect(p.tags).toEqual(['2014', 'Budget participatif parisien', '75004']);
  });
});

// The three fixtures of Territoires en Transitions' own import tests, with the outcome that tool expects.
describe('the Territoires en Transitions fixtures reach the outcomes their own tests expect', () => {
  it('one_fiche_plan: exactly one action, with its status, priority, budget, dates and description', async () => {
    const r = await run(REAL.oneFiche);
    expect(r.errors).toEqual([]);
    expect(r.projects).toBe(1);
    const [p] = (await tree(r.planId)).projects;
    expect(p!.title).toBe("Action 1. Création d'un comité de suivi d'élus autour du CLS");
    expect([p!.status, p!.priority, p!.budget.planned, p!.startDate, p!.endDate]).toEqual([
      'À venir',
      'Élevée',
      5_000_000,
      '2025-12-01',
      '2030-09-01',
    ]);
    expect(p!.description).toContain('permettre aux élus communautaires');
  });

  it('plan_sans_axes: 46 actions and no ambition level above them', async () => {
    const r = await run(REAL.sansAxes);
    expect(r.errors).toEqual([]);
    expect([r.ambitions, r.objectives, r.projects]).toEqual([0, 0, 46]);
    const t = await tree(r.planId);
    expect(t.projects.every((p) => p.ambitionId === null && p.objectiveId === null)).toBe(true);
  });

  it('plan_budget_issue: rejected whole, the error names the action and says the budget expects a number', async () => {
    const r = await run(REAL.budgetIssue);
    expect(r.planId).toBeNull();
    expect(r.errors).toHaveLength(1);
    const [e] = r.errors;
    expect(e!.code).toBe('bad-number');
    expect(e!.column).toBe('Budget prévisionnel total € HT');
    expect(e!.message).toContain('Ajouter caméra de surveillance au parking à vélo 2040-2044');
    expect(e!.message).toContain('« Entre 200 et 500 » n’est pas un nombre');
    expect(e!.message).toContain('attend un nombre');
    expect(e!.messageEn).toContain('expects a number');
    expect(await storedCount()).toBe(0);
  });

  it('plan_budget_issue: its priorities Haut, eleve, moyen, faible and Bas are normalised', async () => {
    // Same file with the bad budget fixed: it is then accepted.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(REAL.budgetIssue);
    wb.worksheets[0]!.getCell('X4').value = 350;
    const r = await importPlan(ts.store, { tenantId: T, bytes: await xlsxBytes(wb), fileName: 'velo.xlsx' });
    expect(r.errors).toEqual([]);
    const t = await tree(r.planId);
    const prio = Object.fromEntries(t.projects.map((p) => [p.title, p.priority]));
    expect(prio['Arranger la piste cyclable 2040-2044']).toBe('Élevée');
    expect(prio['Ajouter caméra de surveillance au parking à vélo 2040-2044']).toBe('Élevée');
    expect(prio['Ramassage scolaire à vélo 2040-2044']).toBe('Moyenne');
    expect(prio['Permis vélo CM2 école TET 2040-2044']).toBe('Faible');
    expect(prio['Casques et gilets réfléchissants gratuits pour les mineurs 2040-2044']).toBe('Faible');
    // Axis rows without an action still declare their levels.
    expect(t.objectives.map((o) => o.title)).toContain('4.2.1 : Apprendre le vélo aux enfants');
  });
});

describe('re-importing into the same plan', () => {
  it('changes nothing when the file is the same, even after updates recorded in Jalon', async () => {
    const first = await run(REAL.cls);
    const before = await tree(first.planId);
    // Recorded in Jalon since: a météo.
    const p = before.projects[0]!;
    await ts.store.commit(T, [
      {
        op: 'replace',
        kind: 'project',
        ifMatch: p.etag,
        item: { ...p, meteo: { value: 'orage', comment: 'retard ARS', date: '2026-01-10', byId: null } },
      },
    ]);
    const again = await run(REAL.cls, { intoPlanId: first.planId, dryRun: true });
    expect(again.summary).toEqual({ created: 0, updated: 0, unchanged: 50, vanished: 0 });
    expect(again.changes).toEqual([]);
    const real = await run(REAL.cls, { intoPlanId: first.planId });
    expect(real.summary.updated + real.summary.created).toBe(0);
    const after = await tree(first.planId);
    expect(after.projects.map((x) => x.etag)).toEqual((await tree(first.planId)).projects.map((x) => x.etag));
    expect(after.plan.etag).toBe(before.plan.etag);
    expect(after.projects[0]!.meteo!.value).toBe('orage');
  });

  it('changes just what was edited in the file, and keeps what Jalon recorded', async () => {
    const first = await run(REAL.paris);
    const before = await tree(first.planId);
    // In Jalon: an owner reports a milestone of project 2206 as reached… on a field the edit does not touch.
    const m = before.milestones.find((x) => x.key === 'id:2206#etudes')!;
    await ts.store.commit(T, [
      {
        op: 'replace',
        kind: 'milestone',
        ifMatch: m.etag,
        item: { ...m, forecastDate: '2015-02-15', lastUpdate: { byId: null, at: new Date().toISOString(), comment: 'ok' } },
      },
    ]);
    // In the file: project 2206's budget and status change, one milestone date moves.
    const text = readFileSync(REAL.paris, 'utf8').replace(
      '2206;;https://decider.paris.fr/bp/jsp/site/Portal.jsp?document_id=2206&portlet_id=158;2014;Des jardins sur les murs;Environnement;Direction des Espaces Verts et de l’Environnement;2000000;Budget participatif parisien;Place de l\' Hotel de Ville - Esplanade de la Libération;75004;Non;FIN;2015-01;2015-01;2015-03;2015-04;2021-12;',
      '2206;;https://decider.paris.fr/bp/jsp/site/Portal.jsp?document_id=2206&portlet_id=158;2014;Des jardins sur les murs;Environnement;Direction des Espaces Verts et de l’Environnement;2100000;Budget participatif parisien;Place de l\' Hotel de Ville - Esplanade de la Libération;75004;Non;LIVRAISON;2015-01;2015-01;2015-03;2015-05;2021-12;',
    );
    expect(text).toContain('2100000');
    const bytes = new TextEncoder().encode(text);
    const preview = await importPlan(ts.store, { tenantId: T, bytes, fileName: 'bp.csv', intoPlanId: first.planId, dryRun: true });
    const summarize = (r: typeof preview) =>
      r.changes.map((c) => `${c.kind} ${c.key}: ${c.fields.map((f) => `${f.field}=${JSON.stringify(f.to)}`).join(' ')}`);
    expect(summarize(preview)).toEqual([
      'project id:2206: budget={"planned":2100000,"funders":[]} status="En cours" extra.Avancement du projet="LIVRAISON"',
      'milestone id:2206#livraison: baselineDate="2015-05-31" state="En cours" completion=0',
      'milestone id:2206#ouverture: state="À venir" completion=0',
    ]);
    // The dry run stored nothing.
    expect((await tree(first.planId)).projects.find((p) => p.key === 'id:2206')!.budget.planned).toBe(2_000_000);
    await importPlan(ts.store, { tenantId: T, bytes, fileName: 'bp.csv', intoPlanId: first.planId });
    const after = await tree(first.planId);
    const p = after.projects.find((x) => x.key === 'id:2206')!;
    expect([p.budget.planned, p.status]).toEqual([2_100_000, 'En cours']);
    const kept = after.milestones.find((x) => x.key === 'id:2206#etudes')!;
    expect([kept.forecastDate, kept.lastUpdate?.comment]).toEqual(['2015-02-15', 'ok']);
    // Only what was edited got a new version.
    const changedIds = after.projects.filter((x, i) => x.etag !== before.projects[i]!.etag).map((x) => x.key);
    expect(changedIds).toEqual(['id:2206']);
  });

  it('reports the rows that vanished from the file without deleting them', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(REAL.cls);
    const first = await importPlan(ts.store, { tenantId: T, bytes: await xlsxBytes(wb), fileName: 'cls.xlsx' });
    wb.getWorksheet('Fichier dimport')!.spliceRows(32, 1);
    const again = await importPlan(ts.store, {
      tenantId: T,
      bytes: await xlsxBytes(wb),
      fileName: 'cls.xlsx',
      intoPlanId: first.planId,
    });
    // The last action goes, and with it the only row that declared its objective.
    expect(again.summary.vanished).toBe(2);
    expect(again.warnings.map((w) => w.message.split(' »')[0])).toEqual([
      'objectif « Objectif stratégique 3.  Valoriser la pair-aidance',
      'projet « Fiche Action 29. Informer sur la pair-aidance les professionnels et le grand public',
    ]);
    expect((await tree(first.planId)).projects).toHaveLength(29);
  });

  it('refuses a plan id that does not exist in the tenant', async () => {
    const first = await run(REAL.cls);
    await expect(
      importPlan(ts.store, { tenantId: 'tenant-b', bytes: readBytes(REAL.cls), fileName: 'x.xlsx', intoPlanId: first.planId }),
    ).rejects.toThrow(/introuvable/);
  });
});

describe('bad and messy files', () => {
  it('rejects a broken file with a French message and stores nothing', async () => {
    const r = await importPlan(ts.store, { tenantId: T, bytes: new Uint8Array([80, 75, 3, 4, 1, 2, 3]), fileName: 'plan.xlsx' });
    expect(r.errors[0]!.code).toBe('unreadable-file');
    expect(r.errors[0]!.message).toMatch(/lisible|illisible|corrompu/);
    expect(await storedCount()).toBe(0);
  });

  it('rejects an empty file', async () => {
    const r = await importPlan(ts.store, { tenantId: T, bytes: new Uint8Array(), fileName: 'plan.csv' });
    expect(r.errors[0]!.message).toContain('vide');
    expect(await storedCount()).toBe(0);
  });

  it('rejects a sheet with headers and no rows', async () => {
    const bytes = new TextEncoder().encode('Titre;Thème\n');
    const profile = JSON.stringify({ name: 'x', columns: { title: 'Titre', ambition: 'Thème' } });
    const r = await importPlan(ts.store, { tenantId: T, bytes, fileName: 'p.csv', profile });
    expect(r.errors.map((e) => e.code)).toEqual(['no-data']);
  });

  it('reports every bad date and number row by row, in French, and stores nothing', async () => {
    const bytes = new TextEncoder().encode(
      'Réf;Titre;Axe;Budget;Date de fin\nA1;Piste;Mobilité;1 709,44 €;30/06/2026\nA2;Parc;Nature;beaucoup;31/02/2025\n',
    );
    const profile = JSON.stringify({
      name: 'ville',
      columns: { id: 'Réf', title: 'Titre', ambition: 'Axe', budget: 'Budget', end: 'Date de fin' },
    });
    const r = await importPlan(ts.store, { tenantId: T, bytes, fileName: 'p.csv', profile });
    expect(r.errors.map((e) => e.message)).toEqual([
      'ligne 3, colonne Budget : « beaucoup » n’est pas un nombre (action « Parc ») : la colonne attend un nombre, par exemple 1 709,44.',
      'ligne 3, colonne Date de fin : « 31/02/2025 » n’est pas une date (action « Parc ») : formats acceptés JJ/MM/AAAA, AAAA-MM-JJ, AAAA-MM ou une date Excel.',
    ]);
    expect(await storedCount()).toBe(0);
  });

  it('reads a Windows-1252 csv with ’ and œ right', async () => {
    const csv = 'Réf;Titre;Axe;Statut;Priorité\nB1;L’œuvre d’art du cœur de ville;Culture;en cours;haut\nB2;Fête;Culture;Réalisé;bof\n';
    const profile = JSON.stringify({
      name: 'cp1252',
      columns: { id: 'Réf', title: 'Titre', ambition: 'Axe', status: 'Statut', priority: 'Priorité' },
    });
    const r = await importPlan(ts.store, { tenantId: T, bytes: iconv.encode(csv, 'win1252'), fileName: 'p.csv', profile });
    expect(r.errors).toEqual([]);
    const t = await tree(r.planId);
    expect(t.projects.map((p) => [p.title, p.status, p.priority])).toEqual([
      ['L’œuvre d’art du cœur de ville', 'En cours', 'Élevée'],
      ['Fête', 'Terminé', null],
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual(['ligne 3, colonne Priorité : priorité « bof » inconnue, laissée vide.']);
  });

  it('reads a sheet that declares a million rows up to its last non-empty row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(REAL.oneFiche);
    const ws = wb.getWorksheet('Fichier dimport')!;
    // Formatting far down is what makes Excel declare a million rows.
    ws.getCell('A1048576').numFmt = '0.00';
    const bytes = await xlsxBytes(wb);
    const r = await importPlan(ts.store, { tenantId: T, bytes, fileName: 'big.xlsx' });
    expect(r.errors).toEqual([]);
    expect(r.projects).toBe(1);
  });

  it('rejects an unknown format with the columns it read', async () => {
    const bytes = new TextEncoder().encode('foo,bar\n1,2\n');
    const r = await importPlan(ts.store, { tenantId: T, bytes, fileName: 'x.csv' });
    expect(r.errors[0]!.code).toBe('unknown-format');
    expect(r.errors[0]!.message).toContain('« foo »');
  });

  it('rejects a profile that names a column the file does not have', async () => {
    const bytes = new TextEncoder().encode('Titre;Axe\nA;B\n');
    const profile = JSON.stringify({ name: 'x', columns: { title: 'Titre', ambition: 'Axe', budget: 'Montant' } });
    const r = await importPlan(ts.store, { tenantId: T, bytes, fileName: 'x.csv', profile });
    expect(r.errors.map((e) => e.message)).toEqual(['colonne « Montant » absente du fichier.']);
  });

  it('turns sub-actions into milestones, and refuses a sub-action whose action has no row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(REAL.oneFiche);
    const ws = wb.getWorksheet('Fichier dimport')!;
    const action = ws.getCell('D4').value as string;
    ws.getRow(5).values = ['Axe 1. COORDINATION DU CLS - AXE TRANSVERSAL', 'Objectif stratégique 1. Impulser une dynamique participative', null, action, 'Réunir le premier comité'];
    ws.getCell('Y5').value = 'Réalisé';
    ws.getCell('AB5').value = '15/03/2026';
    ws.getCell('N5').value = 'Claire MARTIN';
    const ok = await importPlan(ts.store, { tenantId: T, bytes: await xlsxBytes(wb), fileName: 'a.xlsx', dryRun: true });
    expect(ok.errors).toEqual([]);
    expect(ok.milestones).toBe(1);
    const real = await importPlan(ts.store, { tenantId: T, bytes: await xlsxBytes(wb), fileName: 'a.xlsx' });
    const [m] = (await tree(real.planId)).milestones;
    expect([m!.title, m!.baselineDate, m!.state, m!.completion, m!.strategic]).toEqual([
      'Réunir le premier comité',
      '2026-03-15',
      'Atteint',
      1,
      true,
    ]);
    ws.getCell('D5').value = 'Action fantôme';
    const bad = await importPlan(ts.store, { tenantId: 'other', bytes: await xlsxBytes(wb), fileName: 'a.xlsx' });
    expect(bad.errors.map((e) => e.code)).toEqual(['orphan-sub-action']);
    expect(bad.errors[0]!.message).toContain('« Action fantôme »');
  });
});
