// Words for the settings' values, in both languages.
import type { Translate } from './i18n.tsx';
import type { Role } from './SettingsDraft.ts';

export function kindLabel(t: Translate, kind: string): string {
  switch (kind) {
    case 'commune':
      return t('Commune', 'Municipality');
    case 'intercommunalité':
      return t('Intercommunalité', 'Inter-municipal body');
    case 'département':
      return t('Département', 'Département');
    case 'région':
      return t('Région', 'Region');
    case 'autre':
      return t('Autre', 'Other');
    default:
      return kind;
  }
}

export function roleLabel(t: Translate, role: Role): string {
  switch (role) {
    case 'plan-admin':
      return t('Administrateur du plan', 'Plan admin');
    case 'director':
      return t('Directeur de direction', 'Director');
    case 'contributor':
      return t('Contributeur', 'Contributor');
    case 'reader':
      return t('Lecteur', 'Reader');
  }
}

const WEEKDAYS_FR = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** ISO weekday, 1 = Monday. */
export function weekdayLabel(t: Translate, n: number): string {
  const i = n - 1;
  return t(WEEKDAYS_FR[i] ?? String(n), WEEKDAYS_EN[i] ?? String(n));
}
