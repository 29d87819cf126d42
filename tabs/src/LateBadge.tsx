import { Badge } from '@fluentui/react-components';
import { plural } from './format.ts';

/** « 3 jalons en retard », in the danger colour when there are any. */
export function LateBadge({ late }: { late: number }) {
  return late > 0 ? (
    <Badge appearance="filled" color="danger" shape="rounded">
      {plural(late, 'jalon')} en retard
    </Badge>
  ) : (
    <Badge appearance="tint" color="success" shape="rounded">
      Aucun jalon en retard
    </Badge>
  );
}
