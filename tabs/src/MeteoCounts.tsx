// Météo is counted, never averaged and never one colour: each symbol with its count.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { MeteoCounts as Counts } from './api.ts';
import { formatNumber } from './format.ts';
import { useT, type Translate } from './i18n.tsx';
import { counted } from './labels.ts';
import { visuallyHidden } from './visuallyHidden.ts';

const ITEMS = [
  { key: 'soleil', symbol: '☀️', label: (t: Translate) => t('au soleil', 'sunny') },
  { key: 'nuageux', symbol: '⛅', label: (t: Translate) => t('nuageux', 'cloudy') },
  { key: 'orage', symbol: '⛈', label: (t: Translate) => t('à l’orage', 'stormy') },
] as const;

const useStyles = makeStyles({
  list: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, margin: 0, padding: 0, listStyleType: 'none' },
  item: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, whiteSpace: 'nowrap' },
  none: { color: tokens.colorNeutralForeground3 },
  hidden: visuallyHidden,
});

export function MeteoCounts({ meteo }: { meteo: Counts }) {
  const styles = useStyles();
  const t = useT();
  return (
    <ul className={styles.list} aria-label={t('Météo des projets', 'Weather of the projects')}>
      {ITEMS.map((m) => {
        const text = `${counted(t, meteo[m.key], 'projet', 'project')} ${m.label(t)}`;
        return (
          <li key={m.key} className={styles.item} title={text}>
            <span aria-hidden="true">{m.symbol}</span>
            <span aria-hidden="true">{formatNumber(meteo[m.key])}</span>
            <span className={styles.hidden}>{text}</span>
          </li>
        );
      })}
      {meteo.none > 0 && (
        <li className={`${styles.item} ${styles.none}`}>
          {t(`${formatNumber(meteo.none)} sans météo`, `${formatNumber(meteo.none)} with no weather`)}
        </li>
      )}
    </ul>
  );
}
