// The roles of the Réglages page: who administers the plan, directs a direction,
// contributes or reads; given to a person of the tenant or to an Entra group (its object id).
import { Button, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useT } from './i18n.tsx';
import type { Person } from './PeopleApi.ts';
import { PeoplePicker } from './PeoplePicker.tsx';
import { ROLES, issuesAt, type DirectionDraft, type FieldIssue, type Role, type RoleDraft } from './SettingsDraft.ts';
import { roleLabel } from './SettingsLabels.ts';

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
  cardTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  fields: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 14rem), 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  muted: { margin: 0, color: tokens.colorNeutralForeground3 },
  error: { margin: 0, color: tokens.colorPaletteRedForeground1 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  add: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalM },
});

export function SettingsRoles({
  roles,
  directions,
  people,
  issues,
  disabled,
  onChange,
}: {
  roles: RoleDraft[];
  directions: DirectionDraft[];
  people: Map<string, Person | null | undefined>;
  issues: readonly FieldIssue[];
  disabled: boolean;
  onChange(next: RoleDraft[], structural?: boolean): void;
}) {
  const styles = useStyles();
  const t = useT();
  const update = (i: number, change: Partial<RoleDraft>) => onChange(roles.map((r, j) => (j === i ? { ...r, ...change } : r)));
  // Only saved directions have an id a role can name.
  const scopes = directions.filter((d) => d.id !== '');
  const holderOf = (r: RoleDraft) => {
    if (r.groupId !== null) return r.groupId.trim() ? t(`groupe ${r.groupId}`, `group ${r.groupId}`) : t('groupe à préciser', 'group to be given');
    if (r.personId === null) return t('personne à choisir', 'person to be chosen');
    const p = people.get(r.personId);
    return p ? p.displayName : p === null ? t(`personne inconnue (${r.personId})`, `unknown person (${r.personId})`) : '…';
  };

  return (
    <div>
      {roles.length === 0 && (
        <p className={styles.muted}>
          {t('Aucun rôle donné pour l’instant.', 'No role given yet.')}
        </p>
      )}
      <ol className={styles.list} aria-label={t('Rôles', 'Roles')}>
        {roles.map((r, i) => {
          const at = `settings.roles.${i}`;
          const titleId = `role-${i}-title`;
          const title = `${roleLabel(t, r.role)} — ${holderOf(r)}`;
          const mode = r.groupId !== null ? 'group' : 'person';
          return (
            <li key={i}>
              <div className={styles.card} role="group" aria-labelledby={titleId}>
                <h4 id={titleId} className={styles.cardTitle}>
                  {title}
                </h4>
                {issuesAt(issues, at) && <p className={styles.error}>{issuesAt(issues, at)}</p>}
                <div className={styles.fields}>
                  <Field label={t('Rôle', 'Role')} validationMessage={issuesAt(issues, `${at}.role`)}>
                    <Select
                      value={r.role}
                      disabled={disabled}
                      onChange={(_, data) => {
                        const role = data.value as Role;
                        update(i, { role, scope: role === 'director' ? r.scope : null });
                      }}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {roleLabel(t, role)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label={t('Donné à', 'Given to')}>
                    <Select
                      value={mode}
                      disabled={disabled}
                      onChange={(_, data) =>
                        update(i, data.value === 'group' ? { personId: null, groupId: '' } : { personId: null, groupId: null })
                      }
                    >
                      <option value="person">{t('Une personne', 'A person')}</option>
                      <option value="group">{t('Un groupe Entra', 'An Entra group')}</option>
                    </Select>
                  </Field>
                  {r.role === 'director' && (
                    <Field label={t('Direction', 'Direction')} validationMessage={issuesAt(issues, `${at}.scope`)}>
                      <Select value={r.scope ?? ''} disabled={disabled} onChange={(_, data) => update(i, { scope: data.value || null })}>
                        <option value="">{t('Toutes les directions', 'Every direction')}</option>
                        {scopes.map((d) => (
                          <option key={d.id} value={d.id}>
                            {d.name}
                          </option>
                        ))}
                        {r.scope !== null && !scopes.some((d) => d.id === r.scope) && <option value={r.scope}>{r.scope}</option>}
                      </Select>
                    </Field>
                  )}
                </div>
                {mode === 'group' ? (
                  <Field
                    label={t('Identifiant d’objet du groupe Entra', 'Object id of the Entra group')}
                    hint={t('Tel que le centre d’administration Entra l’affiche.', 'As the Entra admin center shows it.')}
                    validationMessage={issuesAt(issues, `${at}.groupId`)}
                  >
                    <Input value={r.groupId ?? ''} disabled={disabled} onChange={(_, data) => update(i, { groupId: data.value })} />
                  </Field>
                ) : (
                  <PeoplePicker
                    label={r.personId ? t('Donner ce rôle à quelqu’un d’autre', 'Give this role to someone else') : t('Personne', 'Person')}
                    hint={t('Parmi les personnes connues de Jalon.', 'Among the people Jalon knows.')}
                    linkedOnly={false}
                    exclude={r.personId ? [r.personId] : []}
                    disabled={disabled}
                    error={issuesAt(issues, `${at}.personId`)}
                    onPick={(pick) => {
                      if (pick.kind === 'person') update(i, { personId: pick.person.id, groupId: null });
                    }}
                  />
                )}
                <div className={styles.actions}>
                  <Button
                    type="button"
                    disabled={disabled}
                    aria-label={t(`Retirer le rôle ${title}`, `Remove the role ${title}`)}
                    onClick={() => onChange(roles.filter((_, j) => j !== i), true)}
                  >
                    {t('Retirer ce rôle', 'Remove this role')}
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
          onClick={() => onChange([...roles, { role: 'reader', personId: null, groupId: null, scope: null }], true)}
        >
          {t('Ajouter un rôle', 'Add a role')}
        </Button>
      </div>
    </div>
  );
}
