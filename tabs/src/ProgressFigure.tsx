// « Avancement 42 % » with its bar; « — » and no bar when there is nothing to average.
import { ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import { formatPercent } from './format.ts';
import { useT } from './i18n.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  label: { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  value: { fontWeight: tokens.fontWeightSemibold },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  placeholder: { height: '2px', backgroundColor: tokens.colorNeutralBackground5 },
});

export function ProgressFigure({ progress, byBudget }: { progress: number | null; byBudget?: number | null }) {
  const styles = useStyles();
  const t = useT();
  const id = useId();
  return (
    <div className={styles.root}>
      <div className={styles.label} id={id}>
        <span>
          {t('Avancement', 'Progress')} <span className={styles.value}>{formatPercent(progress)}</span>
        </span>
        {byBudget !== undefined && byBudget !== null && (
          <span className={styles.hint}>
            {t(`pondéré par le budget : ${formatPercent(byBudget)}`, `weighted by budget: ${formatPercent(byBudget)}`)}
          </span>
        )}
      </div>
      {progress === null ? (
        <div className={styles.placeholder} title={t('Aucun projet à moyenner', 'No project to average')} />
      ) : (
        <ProgressBar value={progress} max={1} thickness="large" aria-labelledby={id} aria-valuetext={formatPercent(progress)} />
      )}
    </div>
  );
}
