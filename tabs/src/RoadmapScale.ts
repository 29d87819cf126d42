// The roadmap's time scale, pure: whole years from the earliest date to the latest (today
// always in), cut into periods (quarters or years, the zoom) and, under them, into the
// buckets milestones are gathered in (months at the quarter zoom, quarters at the year
// zoom). A bucket is one marker per row however many milestones fall in it: the Paris plan
// has 4,446 milestones on 142 distinct dates, so one marker per milestone would be a wall
// of overlapping dots, while one per bucket is at most a few hundred plain elements.
import { formatLongDate } from './format.ts';
import type { RoadmapMilestone } from './RoadmapData.ts';

export type Zoom = 'quarter' | 'year';
export const ZOOMS: readonly Zoom[] = ['quarter', 'year'];
export type Lang = 'fr' | 'en';

/** Width of one bucket, in CSS pixels: room for a marker reading « !1200 ». */
export const BUCKET_PX = 48;

const yearOf = (iso: string) => Number(iso.slice(0, 4));
const monthOf = (iso: string) => Number(iso.slice(5, 7)); // 1..12
const dayOf = (iso: string) => Number(iso.slice(8, 10));
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

const MONTHS = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const SHORT_MONTHS = {
  fr: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

const quarterShort = (q: number, lang: Lang) => (lang === 'en' ? `Q${q}` : `T${q}`);
const quarterLong = (q: number, year: number, lang: Lang) =>
  lang === 'en' ? `Q${q} ${year}` : `${q === 1 ? '1er' : `${q}e`} trimestre ${year}`;

const longEn = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** « 31 mars 2026 » (English: « 31 March 2026 »). */
export function longDate(iso: string, lang: Lang): string {
  if (lang === 'fr') return formatLongDate(iso);
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : longEn.format(d);
}

export interface Period {
  key: string;
  /** « T1 2026 », « 2026 ». */
  label: string;
  x: number;
  width: number;
}

export interface Bucket {
  index: number;
  /** On the axis: « janv. », « T1 ». */
  label: string;
  /** In sentences: « janvier 2026 », « 1er trimestre 2026 ». */
  long: string;
  x: number;
}

export interface Scale {
  zoom: Zoom;
  firstYear: number;
  lastYear: number;
  /** Months per bucket: 1 at the quarter zoom, 3 at the year zoom. */
  bucketMonths: number;
  width: number;
  periods: Period[];
  buckets: Bucket[];
  /** Where a day sits, in pixels from the start (days spread inside their month). */
  x(iso: string): number;
  /** The bucket a day falls in. */
  bucketOf(iso: string): number;
  /** The middle of a bucket, where its marker is drawn. */
  center(bucket: number): number;
}

/** The scale for these dates (any order) and today, at a zoom. */
export function makeScale(zoom: Zoom, dates: readonly string[], today: string, lang: Lang): Scale {
  let firstYear = yearOf(today);
  let lastYear = firstYear;
  for (const d of dates) {
    const y = yearOf(d);
    if (y < firstYear) firstYear = y;
    if (y > lastYear) lastYear = y;
  }
  const bucketMonths = zoom === 'quarter' ? 1 : 3;
  const monthPx = BUCKET_PX / bucketMonths;
  const years = lastYear - firstYear + 1;
  const width = years * 12 * monthPx;

  const periods: Period[] = [];
  const buckets: Bucket[] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    if (zoom === 'year') periods.push({ key: `${y}`, label: `${y}`, x: (y - firstYear) * 12 * monthPx, width: 12 * monthPx });
    for (let q = 1; q <= 4; q++) {
      const x = ((y - firstYear) * 12 + (q - 1) * 3) * monthPx;
      if (zoom === 'quarter') {
        periods.push({ key: `${y}-T${q}`, label: `${quarterShort(q, lang)} ${y}`, x, width: 3 * monthPx });
        for (let m = 0; m < 3; m++) {
          const month = (q - 1) * 3 + m; // 0..11
          buckets.push({ index: buckets.length, label: SHORT_MONTHS[lang][month]!, long: `${MONTHS[lang][month]} ${y}`, x: x + m * monthPx });
        }
      } else {
        buckets.push({ index: buckets.length, label: quarterShort(q, lang), long: quarterLong(q, y, lang), x });
      }
    }
  }

  const monthsFromStart = (iso: string) => (yearOf(iso) - firstYear) * 12 + monthOf(iso) - 1;
  return {
    zoom,
    firstYear,
    lastYear,
    bucketMonths,
    width,
    periods,
    buckets,
    x: (iso) => (monthsFromStart(iso) + (dayOf(iso) - 0.5) / daysIn(yearOf(iso), monthOf(iso))) * monthPx,
    bucketOf: (iso) => Math.floor(monthsFromStart(iso) / bucketMonths),
    center: (bucket) => (bucket + 0.5) * BUCKET_PX,
  };
}

/** The milestones of one row that fall in one bucket: one marker. */
export interface Cluster {
  /** Unique in the chart: row index and bucket. */
  key: string;
  bucket: number;
  items: RoadmapMilestone[];
  late: number;
  reached: number;
}

export type ClusterTone = 'late' | 'reached' | 'open';

/** Late when any is late; reached when all are; open otherwise (to come, in progress, abandoned). */
export const toneOf = (c: Pick<Cluster, 'items' | 'late' | 'reached'>): ClusterTone =>
  c.late > 0 ? 'late' : c.reached === c.items.length ? 'reached' : 'open';

/** A row's dated milestones gathered by bucket, in time order. */
export function clustersOf(rowIndex: number, items: readonly RoadmapMilestone[], scale: Scale): Cluster[] {
  const byBucket = new Map<number, Cluster>();
  for (const m of items) {
    if (m.date === null) continue;
    const bucket = scale.bucketOf(m.date);
    let c = byBucket.get(bucket);
    if (!c) byBucket.set(bucket, (c = { key: `${rowIndex}:${bucket}`, bucket, items: [], late: 0, reached: 0 }));
    c.items.push(m);
    if (m.late) c.late += 1;
    if (m.state === 'Atteint') c.reached += 1;
  }
  return [...byBucket.values()].sort((a, b) => a.bucket - b.bucket);
}

/** The index of the cluster nearest a bucket (the earlier one on a tie); -1 for none. */
export function nearest(clusters: readonly Cluster[], bucket: number): number {
  let best = -1;
  for (let i = 0; i < clusters.length; i++) {
    if (best < 0 || Math.abs(clusters[i]!.bucket - bucket) < Math.abs(clusters[best]!.bucket - bucket)) best = i;
  }
  return best;
}
