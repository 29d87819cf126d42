// The roadmap's timeline: one row per ambition, one marker per bucket of milestones
// (a month at the quarter zoom, a quarter at the year zoom), the today line across the
// rows. Plain elements styled with tokens, no Fluent component per marker: Paris draws a
// few hundred markers for 4,446 milestones.
//
// Keyboard: the whole chart is one tab stop (a roving tabindex); the arrows move from
// marker to marker (left and right in a row, up and down to the nearest marker of the
// next row), Home and End to a row's ends, Enter or Space opens a marker's milestones.
// The chart scrolls sideways inside its own focusable region, never the page.
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useLang, useT, type Translate } from './i18n.tsx';
import { counted } from './labels.ts';
import { formatNumber } from './format.ts';
import type { RoadmapMilestone, RoadmapRow } from './RoadmapData.ts';
import { BUCKET_PX, clustersOf, longDate, makeScale, nearest, toneOf, type Cluster, type Lang, type Scale, type Zoom } from './RoadmapScale.ts';
import { visuallyHidden } from './visuallyHidden.ts';

/** Room on each side of the scale, so that the first and last markers are not cut. */
const PAD = 16;
const TRACK_HEIGHT = 36;
const MARKER_HEIGHT = 26;

const useStyles = makeStyles({
  scroller: {
    overflowX: 'auto',
    maxWidth: '100%',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  canvas: { position: 'relative', paddingBottom: tokens.spacingVerticalM },
  axis: { position: 'relative', height: '2.75rem', borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  period: {
    position: 'absolute',
    top: 0,
    height: '1.375rem',
    paddingLeft: tokens.spacingHorizontalXS,
    borderLeft: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: '1.375rem',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    boxSizing: 'border-box',
  },
  bucket: {
    position: 'absolute',
    top: '1.375rem',
    height: '1.375rem',
    textAlign: 'center',
    fontSize: tokens.fontSizeBase100,
    lineHeight: '1.375rem',
    color: tokens.colorNeutralForeground3,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  },
  // Period boundaries drawn down the rows, under everything else.
  gridLine: { position: 'absolute', top: '2.75rem', bottom: 0, width: 0, borderLeft: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}` },
  today: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    width: 0,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    zIndex: 1,
    pointerEvents: 'none',
  },
  todayLabel: {
    position: 'absolute',
    top: 0,
    left: 0,
    transform: 'translateX(-50%)',
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontSize: tokens.fontSizeBase100,
    fontWeight: tokens.fontWeightSemibold,
    whiteSpace: 'nowrap',
  },
  row: { position: 'relative', paddingTop: tokens.spacingVerticalL },
  rowLabel: {
    position: 'sticky',
    left: 0,
    zIndex: 3,
    display: 'inline-flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: tokens.spacingHorizontalS,
    maxWidth: 'min(40rem, 80vw)',
    padding: `0 ${tokens.spacingHorizontalS}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  rowTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase300 },
  rowCounts: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  rowLate: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  track: {
    position: 'relative',
    height: `${TRACK_HEIGHT}px`,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    '::before': {
      content: '""',
      position: 'absolute',
      left: 0,
      right: 0,
      top: '50%',
      borderTop: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke2}`,
    },
  },
  emptyRow: { position: 'sticky', left: 0, display: 'inline-block', padding: `0 ${tokens.spacingHorizontalS}`, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  // A fixed box per bucket, its size contained: the browser lays out hundreds of markers
  // without measuring one against another (no paint containment: focus rings overflow it).
  slot: {
    position: 'absolute',
    top: `${(TRACK_HEIGHT - MARKER_HEIGHT) / 2}px`,
    zIndex: 2,
    width: `${BUCKET_PX}px`,
    height: `${MARKER_HEIGHT}px`,
    display: 'flex',
    justifyContent: 'center',
    contain: 'layout style size',
  },
  marker: {
    flexShrink: 0,
    height: `${MARKER_HEIGHT}px`,
    minWidth: `${MARKER_HEIGHT}px`,
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusCircular,
    fontFamily: 'inherit',
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: 1,
    whiteSpace: 'nowrap',
    cursor: 'pointer',
    ':hover': { boxShadow: tokens.shadow4 },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  // The glyph drawn before the count (not text: the count is what the accessible name starts with).
  late: {
    '::before': { content: '"!"' },
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteRedBorder2}`,
  },
  reached: {
    '::before': { content: '"✓"' },
    backgroundColor: tokens.colorPaletteGreenBackground2,
    color: tokens.colorPaletteGreenForeground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteGreenBorder2}`,
  },
  open: {
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForeground1,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
  },
  selected: { outline: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralForeground1}`, outlineOffset: '2px' },
  hidden: visuallyHidden,
});

const STATE_EN: Record<string, string> = {
  'À venir': 'Upcoming',
  'En cours': 'In progress',
  Atteint: 'Reached',
  'En retard': 'Late',
  Abandonné: 'Abandoned',
};

/** A milestone state in the tab's language. */
export const stateLabel = (state: string, lang: Lang) => (lang === 'en' ? STATE_EN[state] ?? state : state);

/** « atteint le 31 mars 2026 » or « échéance 31 mars 2026 ». */
export function datePhrase(m: RoadmapMilestone, t: Translate, lang: Lang): string {
  if (m.date === null) return t('sans date', 'no date');
  const d = longDate(m.date, lang);
  return m.state === 'Atteint' && m.actualDate === m.date ? t(`atteint le ${d}`, `reached on ${d}`) : t(`échéance ${d}`, `due ${d}`);
}

/** What a milestone belongs to: « projet X », « programme Y ». */
export type OwnerOf = (m: RoadmapMilestone) => string;

/** The accessible name of one milestone: title, project, date, state (and late). */
export function milestoneName(m: RoadmapMilestone, ownerOf: OwnerOf, t: Translate, lang: Lang): string {
  const late = m.late && m.state !== 'En retard' ? t(', en retard', ', late') : '';
  return `${m.title} — ${ownerOf(m)} — ${datePhrase(m, t, lang)} — ${stateLabel(m.state, lang)}${late}`;
}

export interface OpenCluster {
  key: string;
  rowTitle: string;
  /** « janvier 2020 », « 1er trimestre 2020 ». */
  when: string;
  items: RoadmapMilestone[];
}

interface DrawnRow {
  row: RoadmapRow;
  title: string;
  clusters: Cluster[];
}

export function RoadmapTimeline({
  rows,
  today,
  zoom,
  rowTitle,
  ownerOf,
  openKey,
  onOpen,
  todayRequest,
}: {
  rows: RoadmapRow[];
  today: string;
  zoom: Zoom;
  rowTitle(row: RoadmapRow): string;
  ownerOf: OwnerOf;
  /** The marker whose milestones are listed below the chart, if any. */
  openKey: string | null;
  onOpen(cluster: OpenCluster | null): void;
  /** Bumped to scroll today back into view. */
  todayRequest: number;
}) {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const scroller = useRef<HTMLDivElement>(null);

  const scale: Scale = useMemo(() => {
    const dates: string[] = [];
    for (const row of rows) {
      const first = row.items[0]?.date;
      const last = row.items[row.items.length - 1]?.date;
      if (first) dates.push(first);
      if (last) dates.push(last);
    }
    return makeScale(zoom, dates, today, lang);
  }, [rows, zoom, today, lang]);

  const drawn: DrawnRow[] = useMemo(
    () => rows.map((row, r) => ({ row, title: rowTitle(row), clusters: clustersOf(r, row.items, scale) })),
    // rowTitle only names rows: a new function each render must not regroup 4,000 milestones.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, scale],
  );

  // The roving tab stop: the marker nearest today in the first row that has one.
  const todayBucket = scale.bucketOf(today);
  const initial = useMemo(() => {
    for (let r = 0; r < drawn.length; r++) {
      const c = nearest(drawn[r]!.clusters, todayBucket);
      if (c >= 0) return { r, c };
    }
    return null;
  }, [drawn, todayBucket]);
  const [active, setActive] = useState<{ r: number; c: number } | null>(initial);
  const [activeFor, setActiveFor] = useState(drawn);
  if (activeFor !== drawn) {
    // Other rows or another zoom: the tab stop moves to the same row, nearest the same time.
    setActiveFor(drawn);
    const was = active && activeFor[active.r]?.clusters[active.c];
    const r = active?.r ?? -1;
    const c = was && drawn[r] ? nearest(drawn[r]!.clusters, scale.bucketOf(was.items[0]!.date!)) : -1;
    setActive(c >= 0 ? { r, c } : initial);
  }
  const current = active && drawn[active.r]?.clusters[active.c] ? active : initial;

  // Today in view when the chart opens, when the zoom changes, and when asked: near the
  // right edge when most milestones are past (more of them in view), near the left otherwise.
  const todayX = PAD + scale.x(today);
  const pastShare = useMemo(() => {
    let past = 0;
    let all = 0;
    for (const row of rows) for (const m of row.items) if (m.date !== null) (all++, m.date < today && past++);
    return all > 0 ? past / all : 0.5;
  }, [rows, today]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = Math.max(0, todayX - el.clientWidth * (pastShare > 0.5 ? 0.75 : 0.25));
  }, [todayX, todayRequest, pastShare]);

  const focusCluster = (r: number, c: number) => {
    setActive({ r, c });
    const key = drawn[r]?.clusters[c]?.key;
    if (key) scroller.current?.querySelector<HTMLButtonElement>(`[data-key="${key}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const key = target.dataset.key;
    if (!key) return; // the region itself: the browser scrolls it
    const r = Number(key.split(':')[0]);
    const row = drawn[r]!;
    const cluster = row.clusters.findIndex((x) => x.key === key);
    const bucket = row.clusters[cluster]!.bucket;
    const vertical = (step: 1 | -1) => {
      for (let next = r + step; next >= 0 && next < drawn.length; next += step) {
        const i = nearest(drawn[next]!.clusters, bucket);
        if (i >= 0) return focusCluster(next, i);
      }
    };
    switch (e.key) {
      case 'ArrowRight':
        if (cluster < row.clusters.length - 1) focusCluster(r, cluster + 1);
        break;
      case 'ArrowLeft':
        if (cluster > 0) focusCluster(r, cluster - 1);
        break;
      case 'ArrowDown':
        vertical(1);
        break;
      case 'ArrowUp':
        vertical(-1);
        break;
      case 'Home':
        focusCluster(r, 0);
        break;
      case 'End':
        focusCluster(r, row.clusters.length - 1);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const clusterName = (cluster: Cluster, row: DrawnRow): string => {
    // It starts with the count the marker shows (WCAG 2.5.3, label in name).
    const n = counted(t, cluster.items.length, 'jalon', 'milestone');
    if (cluster.items.length === 1) return `${n}${t(' : ', ': ')}${milestoneName(cluster.items[0]!, ownerOf, t, lang)}`;
    const when = scale.buckets[cluster.bucket]?.long ?? '';
    return `${n}${t(' : ', ': ')}${row.title}, ${when}${t(', dont ', ', of which ')}${counted(t, cluster.late, ['en retard', 'en retard'], ['late', 'late'])}${t(' et ', ' and ')}${counted(t, cluster.reached, 'atteint', ['reached', 'reached'])}`;
  };

  const toneClass = { late: styles.late, reached: styles.reached, open: styles.open };
  return (
    <div
      ref={scroller}
      className={styles.scroller}
      role="region"
      aria-label={t('Frise des jalons par ambition, défilable', 'Milestone timeline by ambition, scrollable')}
      aria-describedby="roadmap-keys"
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className={styles.canvas} style={{ width: `${scale.width + 2 * PAD}px` }} data-zoom={zoom}>
        <div className={styles.axis} aria-hidden="true">
          {scale.periods.map((p) => (
            <span key={p.key} className={styles.period} style={{ left: `${PAD + p.x}px`, width: `${p.width}px` }} data-period>
              {p.label}
            </span>
          ))}
          {scale.buckets.map((b) => (
            <span key={b.index} className={styles.bucket} style={{ left: `${PAD + b.x}px`, width: `${scale.width / scale.buckets.length}px` }}>
              {b.label}
            </span>
          ))}
        </div>
        {scale.periods.map((p) => (
          <span key={p.key} className={styles.gridLine} style={{ left: `${PAD + p.x}px` }} aria-hidden="true" />
        ))}
        <div className={styles.today} style={{ left: `${todayX}px` }} data-testid="roadmap-today">
          <span className={styles.todayLabel} title={longDate(today, lang)}>
            {t('Aujourd’hui', 'Today')}
            <span className={styles.hidden}>{`, ${longDate(today, lang)}`}</span>
          </span>
        </div>
        {drawn.map((d, r) => {
          const labelId = `roadmap-row-${r}`;
          return (
            <div key={d.row.id ?? 'none'} className={styles.row} role="group" aria-labelledby={labelId} data-row={d.row.id ?? 'none'}>
              <div className={styles.rowLabel}>
                <h3 id={labelId} className={styles.rowTitle}>
                  {d.title}
                </h3>
                <span className={styles.rowCounts} data-count={d.row.milestones} data-late={d.row.late}>
                  {counted(t, d.row.milestones, 'jalon', 'milestone')}
                  {' · '}
                  <span className={d.row.late > 0 ? styles.rowLate : undefined}>{counted(t, d.row.late, ['en retard', 'en retard'], ['late', 'late'])}</span>
                  {' · '}
                  {counted(t, d.row.reached, 'atteint', ['reached', 'reached'])}
                </span>
              </div>
              {d.clusters.length === 0 ? (
                <div className={styles.track}>
                  <span className={styles.emptyRow}>{t('Aucun jalon daté', 'No dated milestone')}</span>
                </div>
              ) : (
                <ul className={styles.track} aria-label={t(`Jalons : ${d.title}`, `Milestones: ${d.title}`)}>
                  {d.clusters.map((cluster, c) => {
                    const tone = toneOf(cluster);
                    const isCurrent = current !== null && current.r === r && current.c === c;
                    const open = openKey === cluster.key;
                    const name = clusterName(cluster, d);
                    return (
                      <li key={cluster.key} className={styles.slot} style={{ left: `${PAD + scale.center(cluster.bucket) - BUCKET_PX / 2}px` }}>
                        <button
                          type="button"
                          className={mergeClasses(styles.marker, toneClass[tone], open && styles.selected)}
                          data-key={cluster.key}
                          data-count={cluster.items.length}
                          data-late={cluster.late}
                          data-tone={tone}
                          tabIndex={isCurrent ? 0 : -1}
                          aria-label={name}
                          title={name}
                          aria-expanded={open}
                          {...(open ? { 'aria-controls': 'roadmap-details' } : {})}
                          onFocus={() => setActive({ r, c })}
                          onClick={() =>
                            onOpen(
                              open ? null : { key: cluster.key, rowTitle: d.title, when: scale.buckets[cluster.bucket]?.long ?? '', items: cluster.items },
                            )
                          }
                        >
                          {formatNumber(cluster.items.length)}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
