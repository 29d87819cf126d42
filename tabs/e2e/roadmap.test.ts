// La feuille de route in a real browser against the real local host, on the imported Paris
// file (4,446 milestones, 11 ambitions), the CLS file (no milestone) and a plan without axes
// given a few milestones, some with no date: every ambition row
// with its count of milestones and of late ones, computed here from the store for today
// where the host judges it (Europe/Paris), the today line, the zoom by quarter and year
// (mouse and keyboard), a marker's milestones, the filters, the dark theme, a phone's width,
// « Sans ambition » and « Sans date ».
//
// See harness.ts for the host, the browser and what they may reach.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Milestone, type PlanTree } from '../../plan/model.ts';
import { REAL } from '../../plan/import/testing.ts';
import { isLate } from '../../plan/rollup.ts';
import { expectAccessible, runs, screenshot, scrollsSideways, startE2E, suiteName, type E2E } from './harness.ts';

/** Today where the host judges what is late: the real date in Europe/Paris (functions/runtime.ts). */
const parisToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

interface ExpectedRow {
  id: string | null;
  title: string;
  count: number;
  late: number;
}

/**
 * What the roadmap must show, from the plan itself: strategic milestones by their project's
 * ambition (a programme's: its objective's), dated ones in rows, late by the roll-up's rule.
 */
function expectedRows(tree: PlanTree, today: string, direction?: string): { rows: ExpectedRow[]; undated: number; late: number } {
  const ambitionIds = new Set(tree.ambitions.map((a) => a.id));
  const projects = new Map(tree.projects.map((p) => [p.id, p]));
  const objectives = new Map(tree.objectives.map((o) => [o.id, o]));
  const rows = new Map<string | null, ExpectedRow>(
    [...tree.ambitions].sort((a, b) => a.order - b.order).map((a) => [a.id, { id: a.id, title: a.title, count: 0, late: 0 }]),
  );
  let undated = 0;
  let late = 0;
  for (const m of tree.milestones) {
    if (!m.strategic) continue;
    const p = m.projectId ? projects.get(m.projectId) : undefined;
    if (direction && !(p && (p.leadDirectionId === direction || p.coDirectionIds.includes(direction)))) continue;
    const own = p ? p.ambitionId : m.objectiveId ? objectives.get(m.objectiveId)?.ambitionId ?? null : null;
    const ambition = own !== null && ambitionIds.has(own) ? own : null;
    const date = m.state === 'Atteint' && m.actualDate ? m.actualDate : m.forecastDate ?? m.baselineDate ?? m.actualDate;
    const isLateNow = isLate(m, today, p?.status === 'Abandonné');
    if (isLateNow) late += 1;
    if (!date) {
      undated += 1;
      continue;
    }
    let row = rows.get(ambition);
    if (!row) rows.set(ambition, (row = { id: null, title: 'Sans ambition', count: 0, late: 0 }));
    row.count += 1;
    if (isLateNow) row.late += 1;
  }
  return { rows: [...rows.values()], undated, late };
}

const attr = async (l: Locator, name: string) => Number(await l.getAttribute(name));

/** The sums of the markers of a row: every milestone drawn once, late ones counted. */
async function markerSums(row: Locator): Promise<{ count: number; late: number; markers: number }> {
  return row.locator('button[data-key]').evaluateAll((els) =>
    els.reduce(
      (s, el) => ({ count: s.count + Number(el.getAttribute('data-count')), late: s.late + Number(el.getAttribute('data-late')), markers: s.markers + 1 }),
      { count: 0, late: 0, markers: 0 },
    ),
  );
}

describe.skipIf(!runs)(suiteName('la feuille de route dans Chromium'), () => {
  let e2e: E2E;
  let page: Page;
  const trees: Record<string, PlanTree> = {};
  let parisHash: string;

  beforeAll(async () => {
    e2e = await startE2E(
      { paris: REAL.paris, cls: REAL.cls, sansAxes: REAL.sansAxes },
      {
        async prepare(store, tenantId, plans) {
          // The plan without axes has no milestone: a few, dated or not, late or not.
          const bare = (await store.loadPlan(tenantId, plans.sansAxes!))!;
          const now = new Date().toISOString();
          const add = (n: number, title: string, fields: Partial<Milestone>) => ({
            op: 'create' as const,
            kind: 'milestone' as const,
            item: Milestone.parse({
              id: `e2e-m${n}`,
              tenantId,
              etag: '',
              createdAt: now,
              updatedAt: now,
              planId: bare.plan.id,
              projectId: bare.projects[n % 3]!.id,
              order: n,
              title,
              baselineDate: null,
              ...fields,
            }),
          });
          await store.commit(tenantId, [
            add(0, 'Lancement', { baselineDate: '2020-01-31' }),
            add(1, 'Livraison', { forecastDate: '2030-06-30' }),
            add(2, 'Réception', { baselineDate: '2024-04-30', state: 'Atteint', actualDate: '2024-05-15', completion: 1 }),
            add(3, 'Étude préalable', { state: 'En retard' }),
            add(4, 'Concertation', {}),
          ]);
          for (const key of ['paris', 'cls', 'sansAxes']) trees[key] = (await store.loadPlan(tenantId, plans[key]!))!;
        },
      },
    );
    page = e2e.page;
    parisHash = `#/roadmap?plan=${e2e.plans.paris}`;
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  const chart = (p: Page) => p.getByRole('region', { name: 'Frise des jalons par ambition, défilable' });

  it('shows every ambition of Paris with its milestones and its late ones, and the today line', async () => {
    await page.goto(`${e2e.url}/tabs/${parisHash}`);
    await page.getByRole('heading', { level: 2, name: 'Feuille de route' }).waitFor({ timeout: 30_000 });
    await chart(page).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('tab', { name: 'Feuille de route' }).getAttribute('aria-selected')).toBe('true');

    const today = parisToday();
    const answer = await page.evaluate(async (id) => (await (await fetch(`/api/plans/${id}/roadmap`)).json()) as { today: string }, e2e.plans.paris!);
    expect(answer.today).toBe(today);
    const expected = expectedRows(trees.paris!, today);
    expect(expected.rows).toHaveLength(11);
    expect(expected.rows.reduce((n, r) => n + r.count, 0) + expected.undated).toBe(4446);
    expect(expected.late).toBeGreaterThan(0);

    const groups = chart(page).getByRole('group');
    expect(await groups.count()).toBe(expected.rows.length);
    for (const [i, row] of expected.rows.entries()) {
      const group = groups.nth(i);
      expect(await group.getByRole('heading', { level: 3 }).textContent()).toBe(row.title);
      const counts = group.locator('[data-count]').first();
      expect([await attr(counts, 'data-count'), await attr(counts, 'data-late')], row.title).toEqual([row.count, row.late]);
      const text = (await counts.textContent())!.replace(/\s/g, ' ');
      expect(text).toContain(`${row.count.toLocaleString('fr-FR').replace(/\s/g, ' ')} jalon`);
      expect(text).toContain(`${row.late.toLocaleString('fr-FR').replace(/\s/g, ' ')} en retard`);
      const sums = await markerSums(group);
      expect([sums.count, sums.late], row.title).toEqual([row.count, row.late]);
    }
    const lateFigure = (await page.getByTestId('roadmap-late').textContent())!.replace(/\s/g, '');
    expect(lateFigure).toBe(`${expected.late}enretard`);

    const todayLine = chart(page).getByTestId('roadmap-today');
    await todayLine.waitFor({ state: 'visible' });
    expect(await todayLine.textContent()).toContain('Aujourd’hui');
    // The line sits in today's month: between the axis labels of that month's quarter.
    expect(await todayLine.isVisible()).toBe(true);

    await screenshot(page, 'feuille-de-route');
    await expectAccessible(page, 'feuille de route');
  }, 120_000);

  it('zooms by year and back by quarter, with the mouse and with the keyboard', async () => {
    const canvas = chart(page).locator('[data-zoom]');
    const quarterWidth = await canvas.evaluate((el) => el.getBoundingClientRect().width);
    const first = chart(page).getByRole('group').first();
    const quarterMarkers = (await markerSums(first)).markers;
    expect(await chart(page).locator('[data-period]').first().textContent()).toMatch(/^T1 \d{4}$/);

    await page.getByRole('radio', { name: 'Année' }).check();
    await page.waitForFunction(() => document.querySelector('[data-zoom]')?.getAttribute('data-zoom') === 'year');
    expect(page.url()).toContain('zoom=year');
    const yearWidth = await canvas.evaluate((el) => el.getBoundingClientRect().width);
    expect(yearWidth).toBeLessThan(quarterWidth / 2);
    expect(await chart(page).locator('[data-period]').first().textContent()).toMatch(/^\d{4}$/);
    const year = await markerSums(first);
    expect(year.markers).toBeLessThan(quarterMarkers);
    expect(year.count).toBe(await attr(first.locator('[data-count]').first(), 'data-count'));
    await chart(page).getByTestId('roadmap-today').waitFor({ state: 'visible' });

    // The radios are one tab stop; an arrow changes the scale.
    await page.getByRole('radio', { name: 'Année' }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('[data-zoom]')?.getAttribute('data-zoom') === 'quarter');
    expect(await page.getByRole('radio', { name: 'Trimestre' }).isChecked()).toBe(true);
    expect(page.url()).toContain('zoom=quarter');
  });

  it('moves from marker to marker with the arrows and lists a marker’s milestones', async () => {
    const stops = chart(page).locator('button[data-key][tabindex="0"]');
    expect(await stops.count()).toBe(1);
    await stops.first().focus();
    const before = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
    await page.keyboard.press('ArrowLeft');
    const after = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
    expect(after).not.toBe(before);
    expect(after?.split(':')[0]).toBe(before?.split(':')[0]); // same row
    await page.keyboard.press('ArrowDown');
    const below = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
    expect(Number(below?.split(':')[0])).toBeGreaterThan(Number(after?.split(':')[0]));
    expect(await chart(page).locator('button[data-key][tabindex="0"]').count()).toBe(1);

    const focused = chart(page).locator(`button[data-key="${below}"]`);
    const count = await attr(focused, 'data-count');
    const name = (await focused.getAttribute('aria-label'))!;
    expect(name.length).toBeGreaterThan(10);
    await page.keyboard.press('Enter');
    const details = page.getByRole('heading', { level: 3, name: /jalons?/ }).and(page.locator('#roadmap-details-title'));
    await details.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('roadmap-details-title');
    expect((await details.textContent())!.replace(/\s/g, ' ')).toContain(`${count.toLocaleString('fr-FR').replace(/\s/g, ' ')} jalon`);
    expect(await page.locator('#roadmap-details li').count()).toBe(count);
    expect(await focused.getAttribute('aria-expanded')).toBe('true');
    // Each milestone listed says what it is, what it belongs to, when and where it stands.
    const item = (await page.locator('#roadmap-details li').first().textContent())!;
    expect(item).toMatch(/Projet : /);
    expect(item).toMatch(/(atteint le|échéance) \d{1,2} \S+ \d{4}/);
    expect(item).toMatch(/À venir|En cours|Atteint|En retard|Abandonné/);
    // …and leads to its project's page, where it is updated.
    const link = page.locator('#roadmap-details li').first().getByRole('link');
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^#/project\\?plan=${e2e.plans.paris}&id=.+`));
    await expectAccessible(page, 'feuille de route, liste d’une pastille');
    await page.getByRole('button', { name: 'Fermer la liste' }).click();
    await page.waitForFunction((key) => document.activeElement?.getAttribute('data-key') === key, below);
  });

  it('filters by ambition and by direction, with the counts of the rows kept', async () => {
    const tree = trees.paris!;
    const today = parisToday();
    const all = expectedRows(tree, today);
    const ambition = all.rows[1]!;
    await page.getByRole('combobox', { name: 'Ambition' }).selectOption(ambition.id!);
    await page.waitForFunction(() => document.querySelectorAll('[role="region"] [role="group"]').length === 1);
    const only = chart(page).getByRole('group');
    expect(await only.getByRole('heading', { level: 3 }).textContent()).toBe(ambition.title);
    expect((await markerSums(only)).count).toBe(ambition.count);

    // The direction leading the most projects.
    const leads = new Map<string, number>();
    for (const p of tree.projects) if (p.leadDirectionId) leads.set(p.leadDirectionId, (leads.get(p.leadDirectionId) ?? 0) + 1);
    const direction = [...leads].sort((a, b) => b[1] - a[1])[0]![0];
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await page.getByRole('combobox', { name: 'Direction (pilote ou co-pilote)' }).selectOption(direction);
    const filtered = expectedRows(tree, today, direction);
    await page.waitForFunction(() => new URL(location.href).hash.includes('direction='));
    await chart(page).waitFor();
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="roadmap-late"]')?.textContent?.replace(/\s/g, '') === `${n}enretard`,
      filtered.late,
    );
    const groups = chart(page).getByRole('group');
    expect(await groups.count()).toBe(filtered.rows.length);
    for (const [i, row] of filtered.rows.entries()) {
      const counts = groups.nth(i).locator('[data-count]').first();
      expect([await attr(counts, 'data-count'), await attr(counts, 'data-late')], row.title).toEqual([row.count, row.late]);
    }
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await page.waitForFunction(() => !new URL(location.href).hash.includes('direction='));
  });

  it('reads well in the dark theme and at a phone’s width, the chart scrolling inside its own region', async () => {
    const dark = await e2e.newPage({ colorScheme: 'dark', hash: parisHash });
    await chart(dark).waitFor({ timeout: 60_000 });
    expect(await chart(dark).getByRole('group').count()).toBe(11);
    const colours = await dark.evaluate(() => {
      const el = document.querySelector('[role="region"][tabindex="0"]')!;
      return { bg: getComputedStyle(el).backgroundColor, fg: getComputedStyle(document.getElementById('roadmap-title')!).color };
    });
    // A dark background, a light text.
    const lightness = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((s, x) => s + Number(x), 0) / 3;
    expect(lightness(colours.bg)).toBeLessThan(80);
    expect(lightness(colours.fg)).toBeGreaterThan(170);
    await expectAccessible(dark, 'feuille de route, thème sombre');

    const phone = await e2e.newPage({ viewport: { width: 390, height: 844 }, hash: `${parisHash}&zoom=year` });
    await chart(phone).waitFor({ timeout: 60_000 });
    expect(await scrollsSideways(phone)).toBe(false);
    const region = await chart(phone).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, tab: el.getAttribute('tabindex') }));
    expect(region.scroll).toBeGreaterThan(region.client);
    expect(region.client).toBeLessThanOrEqual(390);
    expect(region.tab).toBe('0');
    await chart(phone).getByTestId('roadmap-today').waitFor({ state: 'visible' });
    await expectAccessible(phone, 'feuille de route, 390 px');
    await chart(phone).scrollIntoViewIfNeeded();
    await screenshot(phone, 'feuille-de-route-mobile');
  }, 120_000);

  it('shows a plan without axes under « Sans ambition », and its milestones with no date apart, counted', async () => {
    const expected = expectedRows(trees.sansAxes!, parisToday());
    expect(expected.rows.map((r) => [r.title, r.count])).toEqual([['Sans ambition', 3]]);
    expect(expected.undated).toBe(2);
    await page.goto(`${e2e.url}/tabs/#/roadmap?plan=${e2e.plans.sansAxes}`);
    await chart(page).waitFor({ timeout: 30_000 });
    const group = chart(page).getByRole('group', { name: 'Sans ambition', exact: true });
    const counts = group.locator('[data-count]').first();
    expect([await attr(counts, 'data-count'), await attr(counts, 'data-late')]).toEqual([3, expected.rows[0]!.late]);
    expect((await markerSums(group)).count).toBe(3);
    const undated = page.getByRole('heading', { level: 3, name: 'Sans date (2)' });
    await undated.waitFor();
    const list = page.getByRole('list', { name: 'Jalons sans date' });
    expect(await list.getByRole('listitem').count()).toBe(2);
    expect(await list.textContent()).toContain('Ambition : Sans ambition');
    expect(await list.getByRole('listitem').filter({ hasText: 'Étude préalable' }).textContent()).toContain('En retard');
    const lateFigure = (await page.getByTestId('roadmap-late').textContent())!.replace(/\s/g, '');
    expect(lateFigure).toBe(`${expected.late}enretard`);
    await expectAccessible(page, 'feuille de route sans axes');
  });

  it('says clearly that the CLS plan has no milestone, instead of an empty chart', async () => {
    expect(trees.cls!.milestones).toHaveLength(0);
    await page.goto(`${e2e.url}/tabs/#/roadmap?plan=${e2e.plans.cls}`);
    await page.getByText('Ce plan n’a encore aucun jalon stratégique').waitFor({ timeout: 30_000 });
    expect(await chart(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Revenir à aujourd’hui$/ }).isDisabled()).toBe(true);
    await expectAccessible(page, 'feuille de route vide');
    expect(e2e.pageErrors).toEqual([]);
  });
});
