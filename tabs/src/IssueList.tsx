// An import's errors or warnings, by row: « ligne 12, colonne Budget : … ».
import { makeStyles, tokens } from '@fluentui/react-components';
import type { ImportIssue } from './api.ts';
import { formatNumber } from './format.ts';
import { useT, type Translate } from './i18n.tsx';

const SHOWN = 200;

const useStyles = makeStyles({
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'grid', gap: tokens.spacingVerticalXS, maxHeight: '24rem', overflowY: 'auto' },
  where: { fontWeight: tokens.fontWeightSemibold },
  error: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

/** « ligne 12, colonne Budget », as the API's French messages put it in front. */
const whereFr = (i: ImportIssue) =>
  [i.row !== null ? `ligne ${i.row}` : null, i.column ? `colonne ${i.column}` : null].filter(Boolean).join(', ');
const whereEn = (i: ImportIssue) =>
  [i.row !== null ? `row ${i.row}` : null, i.column ? `column ${i.column}` : null].filter(Boolean).join(', ');
const where = (t: Translate, i: ImportIssue) => t(whereFr(i), whereEn(i));

/** The message without the « ligne 12, colonne X : » the API may already have put in front. */
function body(i: ImportIssue): string {
  for (const w of [whereFr(i), whereEn(i)]) {
    if (!w) return i.message;
    for (const sep of [' : ', '\u00a0: ', ': ']) {
      for (const lead of [w, w[0]!.toUpperCase() + w.slice(1)]) if (i.message.startsWith(lead + sep)) return i.message.slice(lead.length + sep.length);
    }
  }
  return i.message;
}

export function IssueList({ title, issues, kind }: { title: string; issues: ImportIssue[]; kind: 'error' | 'warning' }) {
  const styles = useStyles();
  const t = useT();
  if (issues.length === 0) return null;
  const sorted = [...issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const id = `issues-${kind}`;
  return (
    <section aria-labelledby={id}>
      <h4 id={id} className={`${styles.heading} ${kind === 'error' ? styles.error : styles.warning}`}>
        {title} ({formatNumber(issues.length)})
      </h4>
      <ul className={styles.list} tabIndex={0} aria-labelledby={id}>
        {sorted.slice(0, SHOWN).map((i, n) => {
          const w = where(t, i);
          return (
            <li key={n}>
              {w && <span className={styles.where}>{t(`${w[0]!.toUpperCase() + w.slice(1)} : `, `${w[0]!.toUpperCase() + w.slice(1)}: `)}</span>}
              {body(i)}
            </li>
          );
        })}
        {issues.length > SHOWN && (
          <li>{t(`… et ${formatNumber(issues.length - SHOWN)} autres.`, `… and ${formatNumber(issues.length - SHOWN)} more.`)}</li>
        )}
      </ul>
    </section>
  );
}
