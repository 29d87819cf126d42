// docs/import.md publishes the importer's tables to the users; these tests keep it in step
// with the code, and prove that the example profile docs/profil-exemple.json works.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  METEO_SYNONYMS,
  MILESTONE_STATE_SYNONYMS,
  PHASE_SYNONYMS,
  PRIORITY_SYNONYMS,
  STATUS_SYNONYMS,
} from '../vocab.ts';
import { builtInProfiles, parseProfile, Profile } from './formats/profile.ts';
import { importPlan } from './index.ts';
import { tempStore, type TempStore } from './testing.ts';

const doc = readFileSync(new URL('../../docs/import.md', import.meta.url), 'utf8');
const exampleText = readFileSync(new URL('../../docs/profil-exemple.json', import.meta.url), 'utf8');

/** The lines of the section whose heading contains `marker`, up to the next heading. */
function section(marker: string): string[] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.startsWith('#') && l.includes(marker));
  if (start < 0) throw new Error(`no heading with ${marker} in docs/import.md`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('#'));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The cells of a markdown table's body rows (header and separator rows left out). */
function tableRows(lines: string[]): string[][] {
  const rows = lines
    .filter((l) => l.trim().startsWith('|'))
    .map((l) =>
      l
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim()),
    );
  return rows.filter((cells, i) => i > 0 && !cells.every((c) => /^:?-+:?$/.test(c)));
}

const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe('the synonym tables published in docs/import.md', () => {
  const tables = {
    STATUS_SYNONYMS,
    PRIORITY_SYNONYMS,
    MILESTONE_STATE_SYNONYMS,
    PHASE_SYNONYMS,
    METEO_SYNONYMS,
  } as Record<string, Record<string, readonly string[]>>;

  for (const [name, table] of Object.entries(tables)) {
    it(`list every value of ${name} with exactly its synonyms, in the code's order`, () => {
      const rows = tableRows(section(`\`${name}\``));
      const published = rows.map((cells) => [codeSpans(cells[0]!)[0], codeSpans(cells[1]!)]);
      expect(published).toEqual(Object.entries(table).map(([value, synonyms]) => [value, [...synonyms]]));
    });
  }

  it('show every value and every synonym of every table somewhere in the page', () => {
    for (const table of Object.values(tables)) {
      for (const [value, synonyms] of Object.entries(table)) {
        for (const text of [value, ...synonyms]) expect(doc, text).toContain(`\`${text}\``);
      }
    }
  });
});

describe('the built-in Paris profile as docs/import.md describes it', () => {
  const paris = builtInProfiles().find((p) => p.name === 'budget-participatif-paris')!;

  it('names every status code of the profile with its status, phase and milestones reached', () => {
    const rows = tableRows(section('Codes d’avancement'));
    for (const [code, rule] of Object.entries(paris.statuses)) {
      expect(doc).toContain(`\`${code}\``);
      const row = rows.find((cells) => codeSpans(cells[0]!)[0] === code);
      expect(row, code).toBeDefined();
      expect(row!.slice(1, 4), code).toEqual([rule.status, rule.phase ?? '—', expect.stringMatching(new RegExp(`^${rule.reached}\\b`))]);
    }
  });

  it('lists its five date columns in the order of the milestones they become', () => {
    const rows = tableRows(section('Colonnes de dates → jalons'));
    expect(rows.map((cells) => [codeSpans(cells[1]!)[0], cells[2]])).toEqual(
      paris.milestones.map((m) => [m.column, m.title]),
    );
  });
});

describe('the example profile docs/profil-exemple.json', () => {
  it('is copied verbatim into docs/import.md', () => {
    const block = /```json\n([\s\S]*?)\n```/.exec(section('`docs/profil-exemple.json`').join('\n'));
    expect(block).not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(JSON.parse(exampleText));
  });

  it('documents every property of the profile format', () => {
    const properties = [
      ...Object.keys(Profile.shape),
      ...Object.keys(Profile.shape.columns.shape).map((k) => `columns.${k}`),
      ...Object.keys(Profile.shape.statuses.unwrap().valueType.shape).map((k) => `statuses.*.${k}`),
    ];
    for (const p of properties) expect(doc, p).toContain(`| \`${p}\` |`);
    const milestonesRow = doc.split('\n').find((l) => l.startsWith('| `milestones` |'))!;
    for (const k of Object.keys(Profile.shape.milestones.unwrap().element.shape)) expect(milestonesRow, k).toContain(`\`${k}\``);
  });

  it('is a valid profile', () => {
    const parsed = parseProfile(exampleText);
    expect(parsed.ok ? null : parsed.issue.message).toBeNull();
  });

  describe('imports a commune’s project sheet', () => {
    let ts: TempStore;
    beforeEach(() => {
      ts = tempStore();
    });
    afterEach(async () => {
      await ts.dispose();
    });

    // prettier-ignore
    const header = ['N°', 'Projet', 'Description', 'Axe du mandat', 'Orientation', 'Direction', 'Chef de projet', 'Élu', 'Partenaires', 'Budget TTC', 'Début', 'Fin', 'État', 'Priorité', 'Quartier', 'Programme', 'Financements', 'Commentaire', 'Date lancement', 'Date travaux', 'Date livraison'];
    // prettier-ignore
    const rows = [
      ['P-01', 'Récupérateurs d’eau de pluie aux jardins familiaux', 'Six cuves de 1 000 litres', 'Une ville plus verte', 'Économiser l’eau', 'Direction des espaces verts', 'Sophie LEROY', 'Marc Dubois', 'Association Les Jardins de la Butte', '12 500,50 €', '03/03/2025', '2025-09', '2 - Travaux', 'Haute', 'Les Coteaux', 'Plan eau', 'Agence de l’eau : 50 %', '', '15/01/2025', '03/03/2025', '2025-09'],
      ['P-02', 'Rénovation énergétique de l’école Jules-Ferry', '', 'Une ville plus verte', 'Rénover le patrimoine', 'Direction du patrimoine bâti, Direction de l’éducation', 'Karim BENALI, bureau d’études Thermia', 'Claire Petit', '', '1 250 000', '01/09/2025', '31/08/2027', '1 - Étude', '1', 'Centre', 'PPI', 'DSIL, Fonds vert', 'Études thermiques en cours', '2025-09', '2026-07', '31/08/2027'],
      ['P-03', 'Piste cyclable avenue de la Gare', '', 'Se déplacer autrement', '', 'Direction de la voirie', 'Service voirie', '', '', '', '', '', 'Abandonné', 'basse', 'Gare', '', '', 'Remplacée par une zone 30', '12/09/2024', '', ''],
    ];
    const csv = [header, ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n';

    it('has exactly the columns the profile names', () => {
      const parsed = parseProfile(exampleText);
      if (!parsed.ok) throw new Error(parsed.issue.message);
      const c = parsed.profile.columns;
      const named = [
        c.id, c.title, c.description, c.ambition, c.objective, c.direction, c.owner, c.elu, c.partners,
        c.budget, c.start, c.end, c.status, c.phase, c.priority, ...c.tags, ...c.extra,
        ...parsed.profile.milestones.map((m) => m.column),
      ].filter((h): h is string => !!h);
      expect([...named].sort()).toEqual([...header].sort());
    });

    it('gives the projects, statuses, budgets, people and milestones the sheet says, with no error', async () => {
      const T = 'commune-exemple';
      const r = await importPlan(ts.store, {
        tenantId: T,
        bytes: new TextEncoder().encode(csv),
        fileName: 'suivi-projets.csv',
        profile: exampleText,
      });
      expect(r.errors).toEqual([]);
      expect(r.warnings).toEqual([]);
      expect(r.format).toBe('profile:suivi-projets-commune');
      expect([r.ambitions, r.objectives, r.projects, r.milestones]).toEqual([2, 2, 3, 7]);

      const t = (await ts.store.loadPlan(T, r.planId!))!;
      expect(t.plan.title).toBe('Projets du mandat 2026-2032');
      expect(t.ambitions.map((a) => a.title)).toEqual(['Une ville plus verte', 'Se déplacer autrement']);
      expect(t.objectives.map((o) => o.title)).toEqual(['Économiser l’eau', 'Rénover le patrimoine']);

      const people = new Map((await ts.store.listPeople(T)).items.map((p) => [p.id, p.displayName]));
      const tenant = (await ts.store.getTenant(T))!;
      const direction = (id: string | null) => tenant.settings.directions.find((d) => d.id === id)?.name ?? null;
      const project = (key: string) => t.projects.find((p) => p.key === key)!;

      const p1 = project('id:P-01');
      expect(p1.title).toBe('Récupérateurs d’eau de pluie aux jardins familiaux');
      expect([p1.status, p1.phase, p1.priority]).toEqual(['En cours', 'Opération', 'Élevée']);
      expect(p1.budget.planned).toBe(12_500.5);
      expect([p1.startDate, p1.endDate]).toEqual(['2025-03-03', '2025-09-30']);
      expect(direction(p1.leadDirectionId)).toBe('Direction des espaces verts');
      expect([people.get(p1.ownerId!), people.get(p1.eluId!)]).toEqual(['Sophie LEROY', 'Marc Dubois']);
      expect(p1.partners).toBe('Association Les Jardins de la Butte');
      expect(p1.description).toBe('Six cuves de 1 000 litres');
      expect(p1.tags).toEqual(['Les Coteaux', 'Plan eau']);
      expect(p1.extra).toEqual({ État: '2 - Travaux', Financements: 'Agence de l’eau : 50 %' });

      const p2 = project('id:P-02');
      expect([p2.status, p2.phase, p2.priority, p2.budget.planned]).toEqual(['En cours', 'Étude', 'Élevée', 1_250_000]);
      expect([direction(p2.leadDirectionId), ...p2.coDirectionIds.map(direction)]).toEqual([
        'Direction du patrimoine bâti',
        'Direction de l’éducation',
      ]);
      expect(people.get(p2.ownerId!)).toBe('Karim BENALI');
      expect(p2.partners).toBe('bureau d’études Thermia');

      const p3 = project('id:P-03');
      expect([p3.status, p3.phase, p3.priority, p3.budget.planned, p3.ownerId]).toEqual([
        'Abandonné',
        null,
        'Faible',
        null,
        null,
      ]);
      expect(p3.objectiveId).toBeNull();
      expect(p3.partners).toBe('Service voirie');

      const milestones = (p: { id: string }) =>
        t.milestones.filter((m) => m.projectId === p.id).map((m) => [m.title, m.baselineDate, m.state, m.completion]);
      expect(milestones(p1)).toEqual([
        ['Lancement', '2025-01-15', 'Atteint', 1],
        ['Début des travaux', '2025-03-03', 'Atteint', 1],
        ['Livraison', '2025-09-30', 'En cours', 0],
      ]);
      expect(milestones(p2)).toEqual([
        ['Lancement', '2025-09-30', 'Atteint', 1],
        ['Début des travaux', '2026-07-31', 'En cours', 0],
        ['Livraison', '2027-08-31', 'À venir', 0],
      ]);
      expect(milestones(p3)).toEqual([['Lancement', '2024-09-12', 'Abandonné', 0]]);
      expect(t.milestones.every((m) => m.strategic)).toBe(true);
    });
  });
});
