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
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'plan/import/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, JALON_DEV_TENANT: 'cli-test' },
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
});
