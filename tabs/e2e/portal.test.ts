// The Portail in a real browser: the landing page of the tab. The CLS plan imported, then
// the dev user (dev@jalon.local) made a person of the tenant who owns two projects and
// some milestones around today, so that « Mon travail » has something to show. Checks the
// compact dashboard against the API's, the lists against the store, an inline update of a
// milestone (saved, still there after a reload), and a save refused because someone else
// saved first (412), re-applied over the current version.
//
// See harness.ts for the host, the browser and what they may reach.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL } from '../../plan/import/testing.ts';
import { Milestone, Person, type PlanTree } from '../../plan/model.ts';
import { isLate } from '../../plan/rollup.ts';
import type { PlanStore, Write } from '../../plan/store/ports.ts';
import { readDashboard } from '../src/api.ts';
import { formatDate, formatEuros, formatNumber, formatPercent } from '../src/format.ts';
import { expectAccessible, runs, screenshot, scrollsSideways, startE2E, suiteName, type E2E } from './harness.ts';

const DEV_EMAIL = 'dev@jalon.local';
const DEV_ID = 'e2e-dev-person';

/** Today where the host judges lateness (functions/runtime.ts: Europe/Paris). */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const until = addDays(today, 30);

/** What « Mon travail » must list, worked out from the store by the rule the issue states. */
function expectedWork(tree: PlanTree) {
  const mine = (id: string | null) => id === DEV_ID;
  const projects = new Map(tree.projects.map((p) => [p.id, p]));
  const inWindow = (d: string | null) => d !== null && d >= today && d <= until;
  return {
    projects: tree.projects.filter((p) => mine(p.ownerId) || p.coOwnerIds.some(mine)).map((p) => p.title),
    milestones: tree.milestones
      .filter((m) => {
        if (m.state === 'Atteint' || m.state === 'Abandonné') return false;
        const project = m.projectId ? projects.get(m.projectId) : undefined;
        if (project?.status === 'Abandonné') return false;
        if (!mine(m.ownerId ?? project?.ownerId ?? null)) return false;
        return isLate(m, today) || inWindow(m.baselineDate) || inWindow(m.forecastDate);
      })
      .map((m) => ({ id: m.id, title: m.title })),
  };
}

/** The dev user as a person, owner of two projects and of milestones around today. */
async function makeDevAnOwner(store: PlanStore, tenantId: string, planId: string): Promise<void> {
  const tree = (await store.loadPlan(tenantId, planId))!;
  const now = new Date().toISOString();
  const open = tree.projects.filter((p) => p.status !== 'Abandonné');
  const [a, b, c] = open;
  expect(c, 'the CLS plan has three projects that are not abandoned').toBeDefined();
  const someoneElse = (await store.listPeople(tenantId, {}, { limit: 1 })).items[0]!;
  const milestone = (projectId: string, title: string, fields: Partial<Milestone>) => ({
    op: 'create' as const,
    kind: 'milestone' as const,
    item: Milestone.parse({
      id: randomUUID(),
      tenantId,
      etag: '',
      createdAt: now,
      updatedAt: now,
      planId,
      projectId,
      title,
      baselineDate: null,
      ...fields,
    }),
  });
  const writes: Write[] = [
    {
      op: 'create',
      kind: 'person',
      item: Person.parse({ id: DEV_ID, tenantId, etag: '', createdAt: now, updatedAt: now, displayName: 'Camille Développeuse', email: DEV_EMAIL, entraObjectId: null, teamsUserId: null, source: 'e2e', linkedAt: null }),
    },
    { op: 'replace', kind: 'project', item: { ...a!, ownerId: DEV_ID, coOwnerIds: a!.coOwnerIds.filter((x) => x !== DEV_ID) }, ifMatch: a!.etag },
    { op: 'replace', kind: 'project', item: { ...b!, ownerId: DEV_ID, coOwnerIds: b!.coOwnerIds.filter((x) => x !== DEV_ID) }, ifMatch: b!.etag },
    // Hers through her projects (no owner of their own)…
    milestone(a!.id, 'Étude préalable', { baselineDate: addDays(today, -10) }),
    milestone(a!.id, 'Réunion de lancement', { forecastDate: addDays(today, 5), ownerId: DEV_ID }),
    milestone(b!.id, 'Diagnostic partagé', { baselineDate: addDays(today, 20) }),
    milestone(b!.id, 'Charte signée', { baselineDate: addDays(today, 2) }),
    // …and as owner of a milestone of someone else's project.
    milestone(c!.id, 'Choix du prestataire', { forecastDate: addDays(today, 12), ownerId: DEV_ID }),
    // Not hers, too far, or done.
    milestone(a!.id, 'Bilan annuel', { baselineDate: addDays(today, 60) }),
    milestone(a!.id, 'Convention signée', { baselineDate: addDays(today, -3), state: 'Atteint' }),
    milestone(b!.id, 'Comité de suivi', { baselineDate: addDays(today, 12), ownerId: someoneElse.id }),
    milestone(c!.id, 'Rapport d’étape', { baselineDate: addDays(today, 3), ownerId: someoneElse.id }),
  ];
  await store.commit(tenantId, writes);
}

describe.skipIf(!runs)(suiteName('le portail dans Chromium'), () => {
  let e2e: E2E;
  let page: Page;
  let planId: string;
  let expected: ReturnType<typeof expectedWork>;

  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${e2e.url}/api${path}`, { ...init, headers: { Accept: 'application/json', ...init.headers } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const milestoneItem = (p: Page, title: string) => p.getByRole('list', { name: 'Mes jalons' }).getByRole('listitem').filter({ has: p.getByRole('heading', { level: 4, name: title, exact: true }) });

  beforeAll(async () => {
    e2e = await startE2E(
      { cls: REAL.cls },
      {
        async prepare(store, tenantId, plans) {
          await makeDevAnOwner(store, tenantId, plans.cls!);
          expected = expectedWork((await store.loadPlan(tenantId, plans.cls!))!);
        },
      },
    );
    page = e2e.page;
    planId = e2e.plans.cls!;
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('opens on the Portail: the plan at a glance, with the API dashboard’s figures', async () => {
    await page.goto(`${e2e.url}/tabs/`);
    await page.getByRole('heading', { level: 2, name: 'Le plan en bref' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('tab', { name: 'Portail' }).getAttribute('aria-selected')).toBe('true');

    const dashboard = readDashboard((await api(`/plans/${planId}/dashboard`)).body);
    const figure = (key: string) => page.locator(`[data-figure="${key}"]`).textContent();
    expect(await figure('progress')).toBe(formatPercent(dashboard.totals.progress));
    expect(await figure('projects')).toBe(formatNumber(dashboard.totals.projects));
    expect(await figure('budget')).toBe(formatEuros(dashboard.totals.budget));
    expect(await figure('late')).toBe(formatNumber(dashboard.totals.late));
    expect(dashboard.totals.late).toBeGreaterThan(0); // « Étude préalable »

    // Météo counted per colour, never averaged.
    const projets = (n: number) => `${formatNumber(n)}\u00a0${n < 2 ? 'projet' : 'projets'}`;
    const meteo = page.getByRole('list', { name: 'Météo des projets du plan' });
    expect(await meteo.textContent()).toContain(`${projets(dashboard.totals.meteo.soleil)} au soleil`);
    expect(await meteo.textContent()).toContain(`${projets(dashboard.totals.meteo.nuageux)} nuageux`);
    expect(await meteo.textContent()).toContain(`${projets(dashboard.totals.meteo.orage)} à l’orage`);

    const ambitions = page.getByRole('list', { name: 'Avancement des ambitions' }).locator(':scope > li');
    expect(await ambitions.count()).toBe(dashboard.ambitions.length);
    for (const [i, a] of dashboard.ambitions.entries()) {
      const text = (await ambitions.nth(i).textContent()) ?? '';
      expect(text).toContain(a.title);
      expect(text).toContain(`Avancement ${formatPercent(a.progress)}`);
      expect(text).toContain(a.late === 0 ? 'aucun jalon en retard' : `${formatNumber(a.late)}\u00a0${a.late < 2 ? 'jalon' : 'jalons'} en retard`);
    }
    await expectAccessible(page, 'portail');
  });

  it('lists exactly my projects and my milestones due within 30 days or late', async () => {
    const projects = page.getByRole('list', { name: 'Mes projets' });
    await projects.waitFor({ timeout: 30_000 });
    expect(expected.projects).toHaveLength(2);
    expect((await projects.getByRole('heading', { level: 4 }).allTextContents()).sort()).toEqual([...expected.projects].sort());
    expect(await projects.getByText('Pilote', { exact: true }).count()).toBe(2);
    // Each leads to its project's page.
    const hrefs = await projects.getByRole('link').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    expect(hrefs).toHaveLength(2);
    for (const href of hrefs) expect(href).toMatch(new RegExp(`^#/project\\?plan=${planId}&id=[^&]+$`));

    const milestones = page.getByRole('list', { name: 'Mes jalons' });
    expect(expected.milestones.map((m) => m.title).sort()).toEqual(
      ['Charte signée', 'Choix du prestataire', 'Diagnostic partagé', 'Réunion de lancement', 'Étude préalable'].sort(),
    );
    const ids = await milestones.locator(':scope > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-milestone-id')));
    expect(ids.sort()).toEqual(expected.milestones.map((m) => m.id).sort());
    // Late first.
    expect(await milestones.getByRole('heading', { level: 4 }).first().textContent()).toBe('Étude préalable');
    expect(await milestoneItem(page, 'Étude préalable').getByText('En retard', { exact: true }).count()).toBe(1);
    await screenshot(page, 'portail');
  });

  it('leads to the full dashboard of the plan, and #/dashboard still opens it', async () => {
    const link = page.getByRole('link', { name: 'Voir le tableau de bord complet' });
    expect(await link.getAttribute('href')).toBe(`#/dashboard?plan=${planId}`);
    await link.click();
    await page.getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('tab', { name: 'Tableau de bord' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: 'Portail' }).click();
    await page.getByRole('list', { name: 'Mes jalons' }).waitFor({ timeout: 30_000 });
  });

  it('updates a milestone inline: saved, with who and when, and still there after a reload', async () => {
    const item = milestoneItem(page, 'Réunion de lancement');
    await item.getByRole('button', { name: 'Mettre à jour « Réunion de lancement »' }).click();
    const form = page.getByRole('form', { name: 'Mise à jour de « Réunion de lancement »' });
    const forecast = addDays(today, 7);
    await form.getByLabel('État').selectOption('En cours');
    await form.getByLabel('Achèvement (%)').fill('40');
    await form.getByLabel('Date prévue').fill(forecast);
    await form.getByLabel('Commentaire').fill('Point fait en comité de pilotage');
    await expectAccessible(page, 'portail, formulaire de mise à jour ouvert');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await item.getByRole('status').filter({ hasText: 'Mise à jour enregistrée.' }).waitFor({ timeout: 30_000 });

    const id = await item.getAttribute('data-milestone-id');
    const stored = (await api(`/milestones/${id}`)).body;
    expect(stored).toMatchObject({ state: 'En cours', completion: 0.4, forecastDate: forecast, lastUpdate: { byId: DEV_EMAIL, comment: 'Point fait en comité de pilotage' } });

    await page.reload();
    const after = milestoneItem(page, 'Réunion de lancement');
    await after.waitFor({ timeout: 30_000 });
    const text = (await after.textContent()) ?? '';
    expect(text).toContain('En cours');
    expect(text).toContain('40\u00a0%');
    expect(text).toContain(formatDate(forecast));
    expect(text).toContain('« Point fait en comité de pilotage »');
  });

  it('shows the current version when someone saved first (412), and re-applies my changes over it', async () => {
    const item = milestoneItem(page, 'Diagnostic partagé');
    const id = await item.getAttribute('data-milestone-id');
    await item.getByRole('button', { name: 'Mettre à jour « Diagnostic partagé »' }).click();
    const form = page.getByRole('form', { name: 'Mise à jour de « Diagnostic partagé »' });
    await form.getByLabel('Achèvement (%)').fill('60');
    await form.getByLabel('Commentaire').fill('Mon point d’avancement');

    // Someone else saves it meanwhile.
    const read = await api(`/milestones/${id}`);
    const theirs = await api(`/milestones/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ completion: 0.25, comment: 'Mise à jour concurrente' }),
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${read.body.etag}"` },
    });
    expect(theirs.status).toBe(200);

    await form.getByRole('button', { name: 'Enregistrer' }).click();
    const alert = form.getByRole('alert').filter({ hasText: 'Modifié entre-temps' });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain('« Mise à jour concurrente »');
    expect(await alert.textContent()).toContain('25\u00a0%');
    expect((await api(`/milestones/${id}`)).body).toMatchObject({ completion: 0.25 }); // nothing of mine yet
    await expectAccessible(page, 'portail, conflit de version');

    await alert.getByRole('button', { name: 'Réappliquer mes modifications' }).click();
    await item.getByRole('status').filter({ hasText: 'Mise à jour enregistrée.' }).waitFor({ timeout: 30_000 });
    expect((await api(`/milestones/${id}`)).body).toMatchObject({ completion: 0.6, lastUpdate: { comment: 'Mon point d’avancement' } });
  });

  it('keeps the current version when I choose so', async () => {
    const item = milestoneItem(page, 'Charte signée');
    const id = await item.getAttribute('data-milestone-id');
    await item.getByRole('button', { name: 'Mettre à jour « Charte signée »' }).click();
    const form = page.getByRole('form', { name: 'Mise à jour de « Charte signée »' });
    await form.getByLabel('État').selectOption('En retard');
    const read = await api(`/milestones/${id}`);
    await api(`/milestones/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ state: 'En cours', completion: 0.5 }),
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${read.body.etag}"` },
    });
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    const alert = form.getByRole('alert').filter({ hasText: 'Modifié entre-temps' });
    await alert.waitFor({ timeout: 30_000 });
    await alert.getByRole('button', { name: 'Garder la version actuelle' }).click();
    expect(await form.getByLabel('État').inputValue()).toBe('En cours');
    expect(await form.getByLabel('Achèvement (%)').inputValue()).toBe('50');
    expect(await form.getByRole('button', { name: 'Enregistrer' }).isDisabled()).toBe(true);
    expect((await api(`/milestones/${id}`)).body).toMatchObject({ state: 'En cours', completion: 0.5 });
    expect(e2e.pageErrors).toEqual([]);
  });

  it('speaks English when asked', async () => {
    const en = await e2e.newPage();
    await en.goto(`${e2e.url}/tabs/?lang=en`);
    await en.getByRole('heading', { level: 2, name: 'The plan at a glance' }).waitFor({ timeout: 30_000 });
    await en.getByRole('heading', { level: 2, name: /^My work/ }).waitFor({ timeout: 30_000 });
    expect(await en.getByRole('tab', { name: 'Home' }).getAttribute('aria-selected')).toBe('true');
    const milestones = en.getByRole('list', { name: 'My milestones' });
    await milestones.getByRole('button', { name: 'Update “Choix du prestataire”' }).click();
    const form = en.getByRole('form', { name: 'Update of “Choix du prestataire”' });
    expect(await form.getByLabel('State').locator('option:checked').textContent()).toBe('Upcoming');
    await form.getByLabel('Completion (%)').fill('150');
    await form.getByText('A whole number from 0 to 100.').waitFor();
    expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
  });

  it('reads well in dark theme and at a phone’s width', async () => {
    const dark = await e2e.newPage({ colorScheme: 'dark' });
    await dark.goto(`${e2e.url}/tabs/`);
    await dark.getByRole('list', { name: 'Mes jalons' }).waitFor({ timeout: 30_000 });
    // Fluent's dark tokens: light text on a dark page, not the light theme's.
    const luminance = await dark.evaluate(() => {
      const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = ([r = 0, g = 0, b = 0]: number[]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      const main = document.querySelector('main')!;
      let bg = 'rgba(0, 0, 0, 0)';
      for (let el: Element | null = main; el && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); el = el.parentElement) bg = getComputedStyle(el).backgroundColor;
      return { text: lum(rgb(getComputedStyle(main.querySelector('h2')!).color)), background: lum(rgb(bg)) };
    });
    expect(luminance.text).toBeGreaterThan(0.7);
    expect(luminance.background).toBeLessThan(0.3);
    await expectAccessible(dark, 'portail, thème sombre');

    const phone = await e2e.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${e2e.url}/tabs/`);
    await phone.getByRole('list', { name: 'Mes jalons' }).waitFor({ timeout: 30_000 });
    expect(await scrollsSideways(phone)).toBe(false);
    await milestoneItem(phone, 'Choix du prestataire').getByRole('button', { name: 'Mettre à jour « Choix du prestataire »' }).click();
    await phone.getByRole('form', { name: 'Mise à jour de « Choix du prestataire »' }).waitFor();
    expect(await scrollsSideways(phone)).toBe(false);
    await expectAccessible(phone, 'portail, 390 px');
    expect(e2e.pageErrors).toEqual([]);
  });
});
