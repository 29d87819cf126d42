// Portail: the static tab's landing page. Its sections (portal/sections.ts) are drawn in
// order: the plan at a glance, then « Mon travail »; later features add theirs there.
import { makeStyles, tokens } from '@fluentui/react-components';
import { PORTAL_SECTIONS, type PortalContext, type PortalSection } from './portal/sections.ts';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalXXL, minWidth: 0 },
});

export function PortalView({ sections = PORTAL_SECTIONS, ...context }: PortalContext & { sections?: readonly PortalSection[] }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      {sections
        .filter((s) => s.shows?.(context) ?? true)
        .map(({ id, Component }) => (
          <Component key={id} {...context} />
        ))}
    </div>
  );
}
