// A matrix cell's health: a colour and always its word, never the colour alone.
import { Badge } from '@fluentui/react-components';
import type { Health } from './api.ts';
import { useT } from './i18n.tsx';
import { healthLabel } from './labels.ts';

export const HEALTH_COLOR: Record<Health, 'danger' | 'severe' | 'success' | 'informative'> = {
  critical: 'danger',
  watch: 'severe',
  good: 'success',
  none: 'informative',
};

export function HealthBadge({ health }: { health: Health }) {
  const t = useT();
  return (
    <Badge appearance={health === 'none' ? 'tint' : 'filled'} color={HEALTH_COLOR[health]} shape="rounded">
      {healthLabel(health, t)}
    </Badge>
  );
}
