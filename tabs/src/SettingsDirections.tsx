// The directions of the Réglages page: each one's name, code and directors (people of the
// tenant), added and removed here; saved with the rest of the page.
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useT } from './i18n.tsx';
import type { Person } from './PeopleApi.ts';
import { PeoplePicker } from './PeoplePicker.tsx';
import { issuesAt, type DirectionDraft, type FieldIssue } from './SettingsDraft.ts';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalM, minWidth: 0 },
  card: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  cardTitle: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  fields: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 14rem), 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  directors: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  director: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    padding: `0 0 0 ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    maxWidth: '100%',
    overflowWrap: 'anywhere',
  },
  muted: { margin: 0, color: tokens.colorNeutralForeground3 },
  error: { margin: 0, color: tokens.colorPaletteRedForeground1 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  add: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalM },
});

let added = 0;

export function SettingsDirections({
  directions,
  people,
  issues,
  disabled,
  onChange,
}: {
  directions: DirectionDraft[];
  people: Map<string, Person | null | undefined>;
  issues: readonly FieldIssue[];
  disabled: boolean;
  onChange(next: DirectionDraft[], structural?: boolean): void;
}) {
  const styles = useStyles();
  const t = useT();
  const update = (i: number, change: Partial<DirectionDraft>) => onChange(directions.map((d, j) => (j === i ? { ...d, ...change } : d)));
  const nameOf = (id: string) => {
    const p = people.get(id);
    return p ? p.displayName : p === null ? t(`personne inconnue (${id})`, `unknown person (${id})`) : '…';
  };

  return (
    <div>
      {directions.length === 0 && <p className={styles.muted}>{t('Aucune direction pour l’instant.', 'No direction yet.')}</p>}
      <ol className={styles.list} aria-label={t('Directions', 'Directions')}>
        {directions.map((d, i) => {
          const at = `settings.directions.${i}`;
          const titleId = `direction-${i}-title`;
          const title = d.name.trim() || t('Nouvelle direction', 'New direction');
          const cardIssue = [issuesAt(issues, at), issuesAt(issues, `${at}.id`)].filter(Boolean).join(' ');
          const directorsIssue = issuesAt(issues, `${at}.directorIds`, true);
          return (
            <li key={d.id || d.localKey}>
              <div className={styles.card} role="group" aria-labelledby={titleId}>
                <h4 id={titleId} className={styles.cardTitle}>
                  {title}
                </h4>
                {cardIssue && <p className={styles.error}>{cardIssue}</p>}
                <div className={styles.fields}>
                  <Field label={t('Nom de la direction', 'Name of the direction')} validationMessage={issuesAt(issues, `${at}.name`)}>
                    <Input value={d.name} disabled={disabled} onChange={(_, data) => update(i, { name: data.value })} />
                  </Field>
                  <Field
                    label={t('Code (facultatif)', 'Code (optional)')}
                    hint={t('Comme les fichiers l’écrivent, par exemple DVD', 'As the files write it, e.g. DVD')}
                    validationMessage={issuesAt(issues, `${at}.code`)}
                  >
                    <Input value={d.code} disabled={disabled} onChange={(_, data) => update(i, { code: data.value })} />
                  </Field>
                </div>
                <div>
                  <p className={styles.muted} id={`direction-${i}-directors`}>
                    {d.directorIds.length === 0 ? t('Aucun directeur désigné.', 'No director named.') : t('Direction assurée par :', 'Directed by:')}
                  </p>
                  {d.directorIds.length > 0 && (
                    <ul className={styles.directors} aria-labelledby={`direction-${i}-directors`}>
                      {d.directorIds.map((id) => (
                        <li key={id} className={styles.director}>
                          <span>{nameOf(id)}</span>
                          <Button
                            type="button"
                            size="small"
                            appearance="subtle"
                            disabled={disabled}
                            aria-label={t(`Retirer ${nameOf(id)} de la direction ${title}`, `Remove ${nameOf(id)} from ${title}`)}
                            onClick={() => update(i, { directorIds: d.directorIds.filter((x) => x !== id) })}
                          >
                            {t('Retirer', 'Remove')}
                          </Button>
                        </li>
                      ))}
                    </ul>
                  )}
                  {directorsIssue && <p className={styles.error}>{directorsIssue}</p>}
                </div>
                <PeoplePicker
                  label={t(`Ajouter un directeur à ${title}`, `Add a director to ${title}`)}
                  hint={t('Parmi les personnes connues de Jalon.', 'Among the people Jalon knows.')}
                  linkedOnly={false}
                  exclude={d.directorIds}
                  disabled={disabled}
                  onPick={(pick) => {
                    if (pick.kind === 'person') update(i, { directorIds: [...d.directorIds, pick.person.id] });
                  }}
                />
                <div className={styles.actions}>
                  <Button
                    type="button"
                    disabled={disabled}
                    aria-label={t(`Supprimer la direction ${title}`, `Remove the direction ${title}`)}
                    onClick={() => onChange(directions.filter((_, j) => j !== i), true)}
                  >
                    {t('Supprimer la direction', 'Remove the direction')}
                  </Button>
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      <div className={styles.add}>
        <Button
          type="button"
          disabled={disabled}
          onClick={() => onChange([...directions, { id: '', localKey: `new-${++added}`, name: '', code: '', directorIds: [] }], true)}
        >
          {t('Ajouter une direction', 'Add a direction')}
        </Button>
      </div>
    </div>
  );
}
