// The roadmap's scale and markers, and the reading of the API's answer.
import { describe, expect, it } from 'vitest';
import { readRoadmap, type RoadmapMilestone } from './RoadmapData.ts';
import { BUCKET_PX, clustersOf, longDate, makeScale, nearest, toneOf } from './RoadmapScale.ts';

const m = (id: string, date: string | null, over: Partial<RoadmapMilestone> = {}): RoadmapMilestone => ({
  id,
  title: `Jalon ${id}`,
  projectId: 'p',
  objectiveId: null,
  state: 'À venir',
  baselineDate: date,
  forecastDate: null,
  actualDate: null,
  date,
  late: false,
  ...over,
});

describe('makeScale', () => {
  it('spans whole years from the earliest date to the latest, today included', () => {
    const s = makeScale('quarter', ['2019-03-31', '2017-11-30'], '2026-12-04', 'fr');
    expect([s.firstYear, s.lastYear]).toEqual([2017, 2026]);
    expect(s.buckets).toHaveLength(10 * 12);
    expect(s.periods).toHaveLength(10 * 4);
    expect(s.width).toBe(10 * 12 * BUCKET_PX);
    expect(s.periods[0]).toMatchObject({ label: 'T1 2017', x: 0, width: 3 * BUCKET_PX });
    expect(s.buckets[10]).toMatchObject({ label: 'nov.', long: 'novembre 2017' });
    const empty = makeScale('year', [], '2026-12-04', 'en');
    expect([empty.firstYear, empty.lastYear, empty.periods.map((p) => p.label), empty.buckets.map((b) => b.long)]).toEqual([
      2026,
      2026,
      ['2026'],
      ['Q1 2026', 'Q2 2026', 'Q3 2026', 'Q4 2026'],
    ]);
  });

  it('places days inside their month and gathers them by month (quarter zoom) or by quarter (year zoom)', () => {
    const q = makeScale('quarter', ['2025-01-01'], '2025-06-15', 'fr');
    expect(q.bucketOf('2025-01-31')).toBe(0);
    expect(q.bucketOf('2025-02-01')).toBe(1);
    expect(q.x('2025-01-01')).toBeGreaterThan(0);
    expect(q.x('2025-01-31')).toBeLessThan(BUCKET_PX);
    expect(q.x('2025-06-15')).toBeCloseTo(5 * BUCKET_PX + (14.5 / 30) * BUCKET_PX);
    expect(q.center(2)).toBe(2.5 * BUCKET_PX);
    const y = makeScale('year', ['2025-01-01'], '2025-06-15', 'fr');
    expect([y.bucketOf('2025-03-31'), y.bucketOf('2025-04-01'), y.bucketOf('2025-12-31')]).toEqual([0, 1, 3]);
    expect(y.buckets.map((b) => b.long)).toEqual(['1er trimestre 2025', '2e trimestre 2025', '3e trimestre 2025', '4e trimestre 2025']);
    // The year zoom is four times narrower.
    expect(y.x('2025-06-15') * 3).toBeCloseTo(q.x('2025-06-15'));
  });
});

describe('clustersOf', () => {
  it('makes one marker per bucket, counting late and reached ones; its tone says late first, then all reached', () => {
    const scale = makeScale('quarter', ['2025-01-31', '2025-03-31'], '2025-06-15', 'fr');
    const items = [
      m('a', '2025-01-31', { state: 'Atteint' }),
      m('b', '2025-01-31', { state: 'Atteint' }),
      m('c', '2025-03-01', { late: true }),
      m('d', '2025-03-31', { state: 'Atteint' }),
      m('e', '2025-05-31'),
      m('f', null),
    ];
    const clusters = clustersOf(0, items, scale);
    expect(clusters.map((c) => [c.key, c.items.map((x) => x.id), c.late, c.reached, toneOf(c)])).toEqual([
      ['0:0', ['a', 'b'], 0, 2, 'reached'],
      ['0:2', ['c', 'd'], 1, 1, 'late'],
      ['0:4', ['e'], 0, 0, 'open'],
    ]);
    expect(clusters.reduce((n, c) => n + c.items.length, 0)).toBe(5);
    const year = clustersOf(1, items, makeScale('year', ['2025-01-31'], '2025-06-15', 'fr'));
    expect(year.map((c) => [c.key, c.items.length])).toEqual([
      ['1:0', 4],
      ['1:1', 1],
    ]);
    expect([nearest(clusters, 3), nearest(clusters, 1), nearest(clusters, 40), nearest([], 0)]).toEqual([1, 0, 2, -1]);
  });
});

describe('longDate', () => {
  it('writes a day in full, in French or English', () => {
    expect(longDate('2026-03-31', 'fr')).toBe('31 mars 2026');
    expect(longDate('2026-03-31', 'en')).toBe('31 March 2026');
  });
});

describe('readRoadmap', () => {
  it('reads the answer defensively: missing fields empty, unknown states as « À venir », undated items kept apart', () => {
    const r = readRoadmap({
      today: '2026-12-04',
      rows: [
        { id: 'a1', title: 'A', late: 1, reached: 0, items: [{ id: 'x', title: 'X', date: '2026-01-31', late: true, state: '??' }, { id: 'y', date: 'nope' }] },
        { id: 'none', title: 'Sans ambition' },
      ],
      undated: { milestones: 1, late: 0, items: [{ id: 'z', title: 'Z', ambitionId: 'a1', state: 'En cours' }] },
      projects: [{ id: 'p', title: 'P', status: 'En cours', leadDirectionId: null }],
    });
    expect(r.rows.map((row) => [row.id, row.milestones, row.late, row.items.map((i) => [i.id, i.state, i.late])])).toEqual([
      ['a1', 1, 1, [['x', 'À venir', true]]],
      [null, 0, 0, []],
    ]);
    expect(r.undated.items.map((i) => [i.id, i.ambitionId, i.date])).toEqual([['z', 'a1', null]]);
    expect(r.projects.get('p')).toEqual({ title: 'P', status: 'En cours', leadDirectionId: null });
    expect([r.programmes.size, r.nonStrategic, readRoadmap(null).rows]).toEqual([0, 0, []]);
  });
});
