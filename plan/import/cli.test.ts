// The command line as a user runs it: a real process, a real data folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REAL } from './testing.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'jalon-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'plan/import/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, JALON_DEV_TENANT: 'cli-test', JALON_STORE: '', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run import', () => {
  it('prints the outcome as JSON with --json, and a dry run stores nothing', () => {
    const r = cli(REAL.cls, '--json', '--dry-run');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ planId: null, ambitions: 5, objectives: 16, projects: 29, milestones: 0, warnings: [], errors: [] });
    const again = JSON.parse(cli(REAL.cls, '--json', '--dry-run').out);
    expect(again.summary.created).toBe(out.summary.created);
  });

  it('creates a plan under its --plan title, then re-imports into it with --into and changes nothing', () => {
    const first = JSON.parse(cli(REAL.cls, '--json', '--plan', 'CLS des Baronnies').out);
    expect(first.planId).toMatch(/[0-9a-f-]{36}/);
    const again = cli(REAL.cls, '--json', '--into', first.planId);
    expect(JSON.parse(again.out).summary).toEqual({ created: 0, updated: 0, unchanged: 50, vanished: 0 });
  });

  it('lists every change in French on a dry run without --json', () => {
    const r = cli(REAL.oneFiche, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Aperçu (rien n’est enregistré)');
    expect(r.out).toContain('+ création projet « Action 1. Création d\'un comité de suivi d\'élus autour du CLS » (ligne 4)');
  });

  it('exits 1 with the row-level error on a rejected file', () => {
    const r = cli(REAL.budgetIssue);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Fichier refusé');
    expect(r.out).toContain('ligne 4, colonne Budget prévisionnel total € HT');
  });

  it('reads a profile from a JSON file', () => {
    const profile = join(dataDir, 'profil.json');
    writeFileSync(profile, JSON.stringify({ name: 'mini', columns: { title: 'Titre', ambition: 'Axe' } }));
    const csv = join(dataDir, 'mini.csv');
    writeFileSync(csv, 'Titre;Axe\nPiste cyclable;Mobilité\n');
    const r = cli(csv, '--profile', profile, '--json');
    expect(JSON.parse(r.out)).toMatchObject({ ambitions: 1, projects: 1, errors: [] });
  });

  it('explains its usage on wrong arguments, with exit code 2', () => {
    expect(cli().code).toBe(2);
    const both = cli(REAL.cls, '--plan', 'x', '--into', 'y');
    expect([both.code, both.err]).toEqual([2, expect.stringContaining('ne vont pas ensemble')]);
    expect(cli('absent.xlsx').err).toContain('Fichier introuvable');
    expect(cli(REAL.cls, '--profile', 'inconnu').out).toContain('n’est ni un profil fourni');
  });

  it('says in French what is wrong with the arguments, and never imports a blank title', () => {
    expect(cli('--bogus', REAL.cls)).toMatchObject({ code: 2, err: expect.stringMatching(/^Option inconnue : --bogus/) });
    expect(cli(REAL.cls, '--into')).toMatchObject({ code: 2, err: expect.stringMatching(/^Valeur manquante ou invalide pour l’option --into/) });
    expect(cli()).toMatchObject({ code: 2, err: expect.stringMatching(/^Indiquez le fichier à importer/) });
    expect(cli(REAL.cls, REAL.paris)).toMatchObject({ code: 2, err: expect.stringMatching(/^Un seul fichier à la fois/) });
    for (const blank of ['', '   ']) {
      expect(cli(REAL.cls, '--plan', blank, '--dry-run')).toMatchObject({ code: 2, err: expect.stringContaining('le titre du plan ne doit pas être vide') });
    }
    expect(cli(dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('n’est pas un fichier') });
  });

  it('refuses a bad store setting in French with exit code 2, and a store out of reach with exit code 1', () => {
    expect(cliWith({ JALON_STORE: 'mongo' }, REAL.cls, '--dry-run')).toMatchObject({ code: 2, err: expect.stringMatching(/^JALON_STORE invalide : « mongo »/) });
    expect(cliWith({ JALON_STORE: 'cosmos', COSMOS_ENDPOINT: '' }, REAL.cls)).toMatchObject({ code: 2, err: expect.stringContaining('demande COSMOS_ENDPOINT') });
    expect(cliWith({ JALON_STORE: 'cosmos', COSMOS_ENDPOINT: 'http://127.0.0.1:8081' }, REAL.cls)).toMatchObject({ code: 2, err: expect.stringContaining('https://… est attendue') });
    const down = cliWith({ JALON_STORE: 'cosmos', COSMOS_ENDPOINT: 'https://127.0.0.1:9/', COSMOS_KEY: 'k', COSMOS_DISABLE_TLS_VERIFY: '1' }, REAL.cls);
    expect(down).toMatchObject({ code: 1, err: expect.stringContaining('Rien n’a été enregistré') });
    expect(down.err).not.toContain(' at ');
  });
});
