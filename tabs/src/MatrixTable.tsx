// Ambitions (rows) × lead directions (columns, « Sans direction » last when some project
// has none): each cell its project count and health, as a button that lists its projects.
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Dashboard, Health, MatrixCell } from './api.ts';
import { useT } from './i18n.tsx';
import { counted, healthLabel, NONE, type Labels } from './labels.ts';
import { visuallyHidden } from './visuallyHidden.ts';

const useStyles = makeStyles({
  scroller: {
    // The containing block of the cells' hidden texts: absolutely placed, they would
    // otherwise escape the scrolling and widen the page.
    position: 'relative',
    overflowX: 'auto',
    maxWidth: '100%',
    width: 'fit-content',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
  },
  table: { borderCollapse: 'separate', borderSpacing: '4px' },
  colHead: {
    verticalAlign: 'bottom',
    textAlign: 'center',
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase200,
    padding: tokens.spacingHorizontalS,
    minWidth: '7rem',
    maxWidth: '10rem',
  },
  rowHead: {
    // Stays in view while the directions scroll sideways.
    position: 'sticky',
    left: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    textAlign: 'left',
    fontWeight: tokens.fontWeightSemibold,
    padding: tokens.spacingHorizontalS,
    minWidth: '14rem',
    maxWidth: '22rem',
  },
  cell: { padding: 0 },
  button: {
    position: 'relative',
    width: '100%',
    minHeight: '3.5rem',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: '2px',
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'pointer',
    fontFamily: 'inherit',
    fontSize: tokens.fontSizeBase300,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
    ':hover': { boxShadow: tokens.shadow4 },
  },
  selected: { outline: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
  count: { fontWeight: tokens.fontWeightSemibold },
  label: { fontSize: tokens.fontSizeBase100 },
  critical: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteRedBorder2}`,
  },
  watch: {
    backgroundColor: tokens.colorPaletteDarkOrangeBackground2,
    color: tokens.colorPaletteDarkOrangeForeground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteDarkOrangeBorder2}`,
  },
  good: {
    backgroundColor: tokens.colorPaletteGreenBackground2,
    color: tokens.colorPaletteGreenForeground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteGreenBorder2}`,
  },
  none: { backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground2, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  empty: { textAlign: 'center', color: tokens.colorNeutralForeground4 },
  caption: { textAlign: 'left', padding: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
  hidden: visuallyHidden,
});

const key = (id: string | null) => id ?? NONE;

export interface MatrixSelection {
  ambition: string;
  direction: string;
}

export function MatrixTable({
  dashboard,
  labels,
  selected,
  onSelect,
}: {
  dashboard: Dashboard;
  labels: Labels;
  selected: MatrixSelection | null;
  onSelect(s: MatrixSelection): void;
}) {
  const styles = useStyles();
  const t = useT();
  const columns = dashboard.matrix.columns.map((c) => c.id);
  const rows = dashboard.matrix.rows.map((r) => r.id);
  const cells = new Map<string, MatrixCell>();
  for (const c of dashboard.matrix.cells) cells.set(`${key(c.ambitionId)}|${key(c.directionId)}`, c);
  const healthClass: Record<Health, string> = { critical: styles.critical, watch: styles.watch, good: styles.good, none: styles.none };

  return (
    <div
      className={styles.scroller}
      role="region"
      aria-label={t('Matrice ambitions × directions, défilable', 'Ambitions × directions matrix, scrollable')}
      tabIndex={0}
    >
      <table className={styles.table}>
        <caption className={styles.caption}>
          {t(
            'Nombre de projets et santé de chaque croisement ambition × direction pilote. Choisissez une case pour voir ses projets.',
            'Number of projects and health of each ambition × lead direction crossing. Choose a cell to see its projects.',
          )}
        </caption>
        <thead>
          <tr>
            <td />
            {columns.map((d) => (
              <th key={key(d)} scope="col" className={styles.colHead}>
                {labels.direction(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={key(a)}>
              <th scope="row" className={styles.rowHead}>
                {labels.ambition(a)}
              </th>
              {columns.map((d) => {
                const cell = cells.get(`${key(a)}|${key(d)}`);
                if (!cell || cell.projects === 0) {
                  return (
                    <td key={key(d)} className={styles.empty}>
                      <span aria-hidden="true">·</span>
                      <span className={styles.hidden}>{t('aucun projet', 'no project')}</span>
                    </td>
                  );
                }
                const health = healthLabel(cell.health, t);
                const count = counted(t, cell.projects, 'projet', 'project');
                const isSelected = selected?.ambition === key(a) && selected.direction === key(d);
                return (
                  <td key={key(d)} className={styles.cell}>
                    {/* Its name is its content: what it shows, in order, with the crossing it is (never
                        an aria-label that would hide or reorder the visible words). */}
                    <button
                      type="button"
                      className={mergeClasses(styles.button, healthClass[cell.health], isSelected && styles.selected)}
                      aria-pressed={isSelected}
                      onClick={() => onSelect({ ambition: key(a), direction: key(d) })}
                    >
                      <span className={styles.hidden}>{t(`${labels.ambition(a)} × ${labels.direction(d)} : `, `${labels.ambition(a)} × ${labels.direction(d)}: `)}</span>
                      <span className={styles.count}>{count}</span>
                      <span className={styles.hidden}>{t(', santé ', ', health ')}</span>
                      <span className={styles.label}>{health}</span>
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
