// Météo is counted, never averaged and never one colour: each symbol with its count.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { MeteoCounts as Counts } from './api.ts';
import { formatNumber, plural } from './format.ts';
import { visuallyHidden } from './visuallyHidden.ts';

const ITEMS = [
  { key: 'soleil', symbol: '☀️', label: 'au soleil' },
  { key: 'nuageux', symbol: '⛅', label: 'nuageux' },
  { key: 'orage', symbol: '⛈', label: 'à l’orage' },
] as const;

const useStyles = makeStyles({
  list: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, margin: 0, padding: 0, listStyleType: 'none' },
  item: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, whiteSpace: 'nowrap' },
  none: { color: tokens.colorNeutralForeground3 },
  hidden: visuallyHidden,
});

export function MeteoCounts({ meteo }: { meteo: Counts }) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label="Météo des projets">
      {ITEMS.map((m) => (
        <li key={m.key} className={styles.item} title={`${plural(meteo[m.key], 'projet')} ${m.label}`}>
          <span aria-hidden="true">{m.symbol}</span>
          <span aria-hidden="true">{formatNumber(meteo[m.key])}</span>
          <span className={styles.hidden}>{`${plural(meteo[m.key], 'projet')} ${m.label}`}</span>
        </li>
      ))}
      {meteo.none > 0 && <li className={`${styles.item} ${styles.none}`}>{`${formatNumber(meteo.none)} sans météo`}</li>}
    </ul>
  );
}
