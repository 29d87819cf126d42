// La fiche projet in a real browser against the real local host, on the imported CLS plan
// (rich fields: owner, co-directions, funders…) and Paris (milestones): opened from the
// projects list and by deep link, its fields as the API returns them, the title edited,
// a météo declared, a milestone updated (the progress follows the API's computation), a
// 400 worded as the API words it, and a conflict (the project changed behind the page's
// back: both versions shown, « keep my changes », saved). Dark theme and a phone's width.
//
// Expected values come from the API (GET /api/projects/…, /api/settings, /api/people…),
// never from this file.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL } from '../../plan/import/testing.ts';
import { formatEuros, formatLongDate, formatPercent } from '../src/format.ts';
import { expectAccessible, runs, screenshot, scrollsSideways, startE2E, suiteName, type E2E } from './harness.ts';

interface ApiProject {
  id: string;
  planId: string;
  etag: string;
  title: string;
  description: string;
  ambitionId: string | null;
  objectiveId: string | null;
  leadDirectionId: string | null;
  coDirectionIds: string[];
  ownerId: string | null;
  coOwnerIds: string[];
  eluId: string | null;
  partners: string;
  budget: { planned: number | null; funders: Array<{ name: string; amount: number | null }> };
  startDate: string | null;
  endDate: string | null;
  status: string;
  phase: string | null;
  priority: string | null;
  tags: string[];
  meteo: { value: string; comment: string; date: string; byId: string | null } | null;
  meteoHistory: Array<{ value: string; comment: string; date: string; byId: string | null }>;
  figures: { progress: number | null; source: string; milestones: number };
}
interface ApiMilestone {
  id: string;
  etag: string;
  title: string;
  state: string;
  completion: number;
  strategic: boolean;
}

describe.skipIf(!runs)(suiteName('la fiche projet dans Chromium'), () => {
  let e2e: E2E;
  let page: Page;
  let cls: { planId: string; projectId: string };
  let paris: { planId: string; projectId: string; milestoneId: string };

  const api = async <T,>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${e2e.url}/api/${path}`, { ...init, headers: { Accept: 'application/json', ...init.headers } });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const getProject = async (id: string) => (await api<ApiProject>(`projects/${id}`)).body;
  const patchProject = (id: string, etag: string, body: unknown) =>
    api<ApiProject & { error?: { message: string } }>(`projects/${id}`, {
      method: 'PATCH',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${etag}"` },
    });
  const field = (p: Page, key: string) => p.locator(`[data-field="${key}"]`).first();

  beforeAll(async () => {
    e2e = await startE2E(
      { cls: REAL.cls, paris: REAL.paris },
      {
        async prepare(store, tenantId, plans) {
          // CLS: the project that fills the most fields, so that each one is checked.
          const clsTree = (await store.loadPlan(tenantId, plans.cls!))!;
          const filled = (p: (typeof clsTree.projects)[number]) =>
            [p.ownerId, p.eluId, p.partners, p.budget.planned, p.priority, p.startDate].filter((x) => x !== null && x !== '').length +
            p.coDirectionIds.length +
            p.coOwnerIds.length +
            p.budget.funders.length;
          const richest = [...clsTree.projects].sort((a, b) => filled(b) - filled(a) || a.order - b.order)[0]!;
          cls = { planId: plans.cls!, projectId: richest.id };
          // Paris: a project whose progress comes from its milestones and can still move,
          // with a strategic milestone not started yet.
          const parisTree = (await store.loadPlan(tenantId, plans.paris!))!;
          for (const p of parisTree.projects) {
            const ms = parisTree.milestones.filter((m) => m.projectId === p.id);
            const open = ms.find((m) => m.strategic && m.state === 'À venir' && m.completion === 0);
            if (open && ms.length >= 3 && p.status === 'En cours' && !p.progressOverride) {
              paris = { planId: plans.paris!, projectId: p.id, milestoneId: open.id };
              break;
            }
          }
          expect(paris, 'un projet de Paris en cours avec un jalon à venir').toBeDefined();
        },
      },
    );
    page = e2e.page;
  }, 240_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('ouvre un projet depuis la liste des projets et montre ses champs comme l’API les rend', async () => {
    const p = await getProject(cls.projectId);
    await page.goto(`${e2e.url}/tabs/#/projects?plan=${cls.planId}`);
    const list = page.getByRole('table', { name: 'Projets', exact: true });
    await list.waitFor({ timeout: 30_000 });
    await list.getByRole('link', { name: p.title, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: p.title, exact: true }).waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`#/project?plan=${cls.planId}&id=${cls.projectId}`);

    // Names as the settings, the people and the plan's structure give them.
    const settings = (await api<{ settings: { directions: Array<{ id: string; name: string }> } }>('settings')).body.settings;
    const people = (await api<{ items: Array<{ id: string; displayName: string }> }>('people?limit=1000')).body.items;
    const ambitions = (await api<{ items: Array<{ id: string; title: string }> }>(`plans/${cls.planId}/ambitions?limit=1000`)).body.items;
    const objectives = (await api<{ items: Array<{ id: string; title: string }> }>(`plans/${cls.planId}/objectives?limit=1000`)).body.items;
    const direction = (id: string | null) => (id === null ? 'Sans direction' : settings.directions.find((d) => d.id === id)!.name);
    const person = (id: string | null) => (id === null ? '—' : people.find((x) => x.id === id)!.displayName);
    const list_ = (xs: string[]) => (xs.length ? xs.join(', ') : '—');
    const expected: Record<string, string> = {
      title: p.title,
      description: p.description || '—',
      ambitionId: p.ambitionId ? ambitions.find((a) => a.id === p.ambitionId)!.title : 'Sans ambition',
      objectiveId: p.objectiveId ? objectives.find((o) => o.id === p.objectiveId)!.title : 'Aucun objectif',
      leadDirectionId: direction(p.leadDirectionId),
      coDirectionIds: list_(p.coDirectionIds.map(direction)),
      ownerId: person(p.ownerId),
      coOwnerIds: list_(p.coOwnerIds.map(person)),
      eluId: person(p.eluId),
      partners: p.partners || '—',
      startDate: formatLongDate(p.startDate),
      endDate: formatLongDate(p.endDate),
      status: p.status,
      phase: p.phase ?? '—',
      priority: p.priority ?? '—',
      tags: list_(p.tags),
      'budget.planned': p.budget.planned === null ? '—' : formatEuros(p.budget.planned),
      'budget.funders': list_(p.budget.funders.map((f) => (f.amount === null ? f.name : `${f.name} (${formatEuros(f.amount)})`))),
    };
    // The project chosen fills these: the check below is not about dashes.
    expect(p.ownerId).not.toBeNull();
    expect(p.coDirectionIds.length).toBeGreaterThan(0);
    expect(p.budget.funders.length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(expected)) {
      expect(await field(page, key).textContent(), key).toBe(value);
    }
    expect(await page.getByTestId('progress-value').textContent()).toBe(formatPercent(p.figures.progress));
    expect(await page.getByTestId('progress-source').textContent()).toContain(p.figures.source === 'status' ? 'statut' : 'jalons');
    await screenshot(page, 'fiche-projet');
    await expectAccessible(page, 'fiche projet');
  });

  it('modifie le titre, l’enregistre, et la liste montre le nouveau titre', async () => {
    const before = await getProject(cls.projectId);
    const title = `${before.title} (révisé)`;
    await page.getByRole('button', { name: 'Modifier la fiche' }).click();
    await page.getByLabel(/^Titre/).fill(title);
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Fiche enregistrée.').waitFor();
    await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor();
    const after = await getProject(cls.projectId);
    expect(after.title).toBe(title);
    expect(after.etag).not.toBe(before.etag);
    expect(await field(page, 'title').textContent()).toBe(title);

    await page.getByRole('navigation', { name: 'Fil d’Ariane' }).getByRole('link', { name: 'Projets' }).click();
    const list = page.getByRole('table', { name: 'Projets', exact: true });
    await list.getByRole('link', { name: title, exact: true }).waitFor({ timeout: 30_000 });
    expect(await list.getByRole('link', { name: before.title, exact: true }).count()).toBe(0);
  });

  it('déclare une météo avec un commentaire et la retrouve dans l’historique', async () => {
    const p = await getProject(cls.projectId);
    await page.getByRole('table', { name: 'Projets', exact: true }).getByRole('link', { name: p.title, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: p.title, exact: true }).waitFor();
    const comment = 'Foncier toujours pas trouvé';
    await page.getByRole('radio', { name: /nuageux/ }).check();
    await page.getByLabel('Commentaire').first().fill(comment);
    await page.getByRole('button', { name: 'Déclarer la météo' }).click();
    await page.getByText('Météo déclarée.').waitFor();

    const after = await getProject(cls.projectId);
    const last = after.meteoHistory.at(-1)!;
    expect(after.meteoHistory.length).toBe(p.meteoHistory.length + 1);
    expect(last).toMatchObject({ value: 'nuageux', comment });
    const history = page.getByRole('table', { name: 'Historique de la météo' });
    const row = history.getByRole('row').nth(1); // newest first, after the header
    expect(await row.textContent()).toContain(comment);
    expect(await row.textContent()).toContain('nuageux');
    expect(await row.textContent()).toContain(formatLongDate(last.date));
    expect(await page.getByTestId('meteo-current').textContent()).toContain('nuageux');
  });

  it('montre un refus 400 comme l’API le formule', async () => {
    const p = await getProject(cls.projectId);
    await page.getByRole('button', { name: 'Modifier la fiche' }).click();
    await page.getByLabel('Début', { exact: true }).fill('2027-06-01');
    await page.getByLabel('Fin', { exact: true }).fill('2027-01-01');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'La fiche n’a pas été enregistrée' });
    await alert.waitFor();
    // The same change sent by hand: the API's words, and nothing stored.
    const refused = await patchProject(p.id, p.etag, { startDate: '2027-06-01', endDate: '2027-01-01' });
    expect(refused.status).toBe(400);
    expect(await alert.textContent()).toContain(refused.body.error!.message);
    expect((await getProject(cls.projectId)).etag).toBe(p.etag);
    await page.getByRole('button', { name: 'Annuler' }).click();
  });

  it('conflit : le projet changé derrière la page, les deux versions côte à côte, « garder mes modifications »', async () => {
    const p = await getProject(cls.projectId);
    await page.getByRole('button', { name: 'Modifier la fiche' }).click();
    const mine = `${p.title} — version de la page`;
    await page.getByLabel(/^Titre/).fill(mine);

    // Someone else saves first, with the version the page read.
    const theirs = 'Description changée par une collègue pendant la modification.';
    const other = await patchProject(p.id, p.etag, { description: theirs });
    expect(other.status).toBe(200);

    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    const panel = page.getByRole('region', { name: /Quelqu’un a modifié ce projet/ });
    await panel.waitFor();
    const table = panel.getByRole('table', { name: /Votre version et la version actuelle/ });
    const titleRow = table.getByRole('row').filter({ hasText: 'Titre' });
    expect(await titleRow.getAttribute('data-differs')).toBe('true');
    expect(await titleRow.textContent()).toContain(mine);
    expect(await titleRow.textContent()).toContain(p.title);
    const descriptionRow = table.getByRole('row').filter({ hasText: 'Description' });
    expect(await descriptionRow.textContent()).toContain(theirs);
    expect(await descriptionRow.textContent()).toContain('modifié depuis votre lecture');
    expect((await getProject(cls.projectId)).title).toBe(p.title); // nothing of mine stored yet
    await expectAccessible(page, 'conflit de versions');

    await panel.getByRole('button', { name: 'Garder mes modifications' }).click();
    await page.getByText('Fiche enregistrée.').waitFor();
    const saved = await getProject(cls.projectId);
    expect(saved.title).toBe(mine);
    expect(saved.description).toBe(theirs); // their change to a field I did not touch stays
    expect(saved.etag).not.toBe(other.body.etag);
    await page.getByRole('heading', { level: 2, name: mine, exact: true }).waitFor();
    expect(await field(page, 'description').textContent()).toBe(theirs);
  });

  it('par lien direct (Paris) : l’état et l’achèvement d’un jalon, l’avancement calculé par l’API', async () => {
    const before = await getProject(paris.projectId);
    expect(before.figures.source).toBe('milestones');
    await page.goto(`${e2e.url}/tabs/#/project?plan=${paris.planId}&id=${paris.projectId}`);
    await page.getByRole('heading', { level: 2, name: before.title, exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('progress-value').textContent()).toBe(formatPercent(before.figures.progress));
    const milestones = (await api<{ items: ApiMilestone[] }>(`projects/${paris.projectId}/milestones?limit=1000`)).body.items;
    const table = page.getByRole('table', { name: 'Jalons', exact: true });
    expect(await table.locator('[data-milestone]').count()).toBe(milestones.length);

    const row = table.locator(`[data-milestone="${paris.milestoneId}"]`);
    await row.getByRole('button', { name: /Modifier le jalon/ }).click();
    const editor = page.getByRole('form', { name: /Modifier le jalon/ });
    await editor.getByLabel('État').selectOption('En cours');
    await editor.getByLabel('Achèvement (%)').fill('50');
    await editor.getByLabel('Commentaire').fill('Études lancées');
    await editor.getByRole('button', { name: 'Enregistrer le jalon' }).click();
    await page.getByText('Jalon enregistré.').waitFor();

    const milestone = (await api<ApiMilestone>(`milestones/${paris.milestoneId}`)).body;
    expect(milestone).toMatchObject({ state: 'En cours', completion: 0.5 });
    expect(await row.locator('[data-field="state"]').textContent()).toBe('En cours');
    expect(await row.locator('[data-field="completion"]').textContent()).toBe(formatPercent(0.5));
    const after = await getProject(paris.projectId);
    expect(after.figures.progress).not.toBe(before.figures.progress);
    await expect.poll(() => page.getByTestId('progress-value').textContent()).toBe(formatPercent(after.figures.progress));
    expect(await row.textContent()).toContain('Études lancées');
  });

  it('en thème sombre et à 390 px : une colonne, le tableau des jalons défile dans sa région, pas la page', async () => {
    const phone = await e2e.newPage({
      colorScheme: 'dark',
      viewport: { width: 390, height: 844 },
      hash: `#/project?plan=${paris.planId}&id=${paris.projectId}`,
    });
    const p = await getProject(paris.projectId);
    await phone.getByRole('heading', { level: 2, name: p.title, exact: true }).waitFor({ timeout: 30_000 });
    expect(await scrollsSideways(phone)).toBe(false);
    // Dark: the sections are drawn on a dark background.
    const background = await phone.locator('section[aria-labelledby="project-fields"]').evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    expect((r! + g! + b!) / 3).toBeLessThan(80);

    const region = phone.getByRole('region', { name: /Jalons du projet/ });
    expect(await region.getAttribute('tabindex')).toBe('0');
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await expectAccessible(phone, 'fiche projet, sombre, 390 px');

    // The form stacks in one column.
    await phone.getByRole('button', { name: 'Modifier la fiche' }).click();
    const fieldsets = phone.locator('form fieldset');
    expect(await fieldsets.count()).toBeGreaterThan(3);
    const lefts = await fieldsets.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().left)));
    expect(new Set(lefts).size).toBe(1);
    expect(await scrollsSideways(phone)).toBe(false);
    await expectAccessible(phone, 'formulaire du projet, sombre, 390 px');
    await phone.getByRole('button', { name: 'Annuler' }).click();

    // A milestone's editor stays within the screen.
    await region.locator('[data-milestone]').first().getByRole('button', { name: /Modifier le jalon/ }).click();
    const editor = phone.getByRole('form', { name: /Modifier le jalon/ });
    await editor.waitFor();
    const box = (await editor.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await scrollsSideways(phone)).toBe(false);
    expect(e2e.pageErrors).toEqual([]);
  });
});
