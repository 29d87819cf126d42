import { Badge } from '@fluentui/react-components';
import { formatNumber } from './format.ts';
import { useT, type Translate } from './i18n.tsx';

/** « 3 jalons en retard » / « 3 late milestones ». */
export function lateText(t: Translate, late: number): string {
  const n = formatNumber(late);
  return t(`${n}\u00a0${late < 2 ? 'jalon' : 'jalons'} en retard`, `${n}\u00a0late ${late === 1 ? 'milestone' : 'milestones'}`);
}

/** « 3 jalons en retard », in the danger colour when there are any. */
export function LateBadge({ late }: { late: number }) {
  const t = useT();
  return late > 0 ? (
    <Badge appearance="filled" color="danger" shape="rounded">
      {lateText(t, late)}
    </Badge>
  ) : (
    <Badge appearance="tint" color="success" shape="rounded">
      {t('Aucun jalon en retard', 'No late milestone')}
    </Badge>
  );
}
