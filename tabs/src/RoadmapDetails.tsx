// The milestones of one marker of the roadmap, or those with no date: a plain list (title,
// what it belongs to, date, state, late), scrolling inside its own focusable region when
// long, so that 141 milestones of one month never push the page down for ever. A
// project's milestone links to the project's page, where it is updated.
import { Button, Link, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Ref } from 'react';
import { useLang, useT } from './i18n.tsx';
import { counted } from './labels.ts';
import type { RoadmapMilestone } from './RoadmapData.ts';
import { longDate } from './RoadmapScale.ts';
import { datePhrase, stateLabel, type OwnerOf } from './RoadmapTimeline.tsx';

const useStyles = makeStyles({
  panel: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    minWidth: 0,
  },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, ':focus': { outline: 'none' } },
  scroll: {
    maxHeight: '26rem',
    overflowY: 'auto',
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  list: { margin: 0, padding: 0, listStyleType: 'none', display: 'grid', gap: tokens.spacingVerticalXS },
  item: {
    display: 'grid',
    gap: '2px',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusSmall,
    overflowWrap: 'anywhere',
  },
  itemLate: { borderLeftColor: tokens.colorPaletteRedBorder2 },
  itemReached: { borderLeftColor: tokens.colorPaletteGreenBorder2 },
  title: { fontWeight: tokens.fontWeightSemibold },
  meta: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  link: { fontSize: tokens.fontSizeBase200, justifySelf: 'start' },
  tags: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, fontSize: tokens.fontSizeBase200 },
  state: { fontWeight: tokens.fontWeightSemibold },
  late: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  reached: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
});

/** Long lists scroll inside the panel; short ones are just a list. */
const SCROLL_FROM = 6;

export function RoadmapMilestoneList({
  items,
  ownerOf,
  projectHref,
  extra,
  label,
}: {
  items: RoadmapMilestone[];
  ownerOf: OwnerOf;
  /** The page of a milestone's project. */
  projectHref(projectId: string): string;
  /** One more line per milestone (its ambition, for the undated ones). */
  extra?: (m: RoadmapMilestone) => string | null;
  label: string;
}) {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const list = (
    <ul className={styles.list} aria-label={label}>
      {items.map((m) => {
        const reached = m.state === 'Atteint';
        const slipped = m.baselineDate !== null && m.baselineDate !== m.date;
        const more = extra?.(m);
        return (
          <li key={m.id} className={mergeClasses(styles.item, m.late && styles.itemLate, reached && styles.itemReached)}>
            <span className={styles.title}>{m.title}</span>
            {m.projectId !== null ? (
              <Link className={styles.link} href={projectHref(m.projectId)}>
                {ownerOf(m)}
              </Link>
            ) : (
              <span className={styles.meta}>{ownerOf(m)}</span>
            )}
            {more && <span className={styles.meta}>{more}</span>}
            <span className={styles.meta}>
              {datePhrase(m, t, lang)}
              {slipped && t(` (date de référence : ${longDate(m.baselineDate!, lang)})`, ` (baseline: ${longDate(m.baselineDate!, lang)})`)}
            </span>
            <span className={styles.tags}>
              <span className={mergeClasses(styles.state, reached && styles.reached)}>
                {reached && <span aria-hidden="true">✓ </span>}
                {stateLabel(m.state, lang)}
              </span>
              {m.late && m.state !== 'En retard' && (
                <span className={styles.late}>
                  <span aria-hidden="true">! </span>
                  {t('En retard', 'Late')}
                </span>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
  if (items.length < SCROLL_FROM) return list;
  return (
    <div className={styles.scroll} role="region" aria-label={t(`${label}, défilable`, `${label}, scrollable`)} tabIndex={0}>
      {list}
    </div>
  );
}

/** The panel under the chart listing the milestones of the marker chosen. */
export function RoadmapDetails({
  title,
  items,
  ownerOf,
  projectHref,
  onClose,
  headingRef,
}: {
  title: string;
  items: RoadmapMilestone[];
  ownerOf: OwnerOf;
  projectHref(projectId: string): string;
  onClose(): void;
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const styles = useStyles();
  const t = useT();
  const late = items.filter((m) => m.late).length;
  return (
    <section className={styles.panel} aria-labelledby="roadmap-details-title">
      <div className={styles.head}>
        <h3 id="roadmap-details-title" className={styles.heading} ref={headingRef} tabIndex={-1}>
          {title}
          {' — '}
          {counted(t, items.length, 'jalon', 'milestone')}
          {late > 0 && t(`, dont ${late} en retard`, `, ${late} late`)}
        </h3>
        <Button appearance="secondary" onClick={onClose}>
          {t('Fermer la liste', 'Close the list')}
        </Button>
      </div>
      <RoadmapMilestoneList items={items} ownerOf={ownerOf} projectHref={projectHref} label={title} />
    </section>
  );
}
