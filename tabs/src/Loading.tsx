import { Spinner, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({ root: { padding: tokens.spacingVerticalXXL } });

/** A spinner that screen readers announce. */
export function Loading({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <div role="status" aria-live="polite" className={styles.root}>
      <Spinner label={label} labelPosition="below" />
    </div>
  );
}
