// A matrix cell's health: a colour and always its word, never the colour alone.
import { Badge } from '@fluentui/react-components';
import type { Health } from './api.ts';

export const HEALTH: Record<Health, { label: string; color: 'danger' | 'severe' | 'success' | 'informative' }> = {
  critical: { label: 'Critique', color: 'danger' },
  watch: { label: 'À surveiller', color: 'severe' },
  good: { label: 'Bonne', color: 'success' },
  none: { label: 'Sans objet', color: 'informative' },
};

export function HealthBadge({ health }: { health: Health }) {
  const h = HEALTH[health];
  return (
    <Badge appearance={health === 'none' ? 'tint' : 'filled'} color={h.color} shape="rounded">
      {h.label}
    </Badge>
  );
}
