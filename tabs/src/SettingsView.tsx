// Réglages: the collectivité's profile, its directions and their directors, the roles,
// the reminder rules and the plan shown first. One form, saved with If-Match: only what
// the user changed is sent. A 412 says what changed meanwhile and re-applies the user's
// changes on the stored version for them to save again; a 400 is shown field by field,
// in the API's words.
//
// For plan admins only. Roles are enforced in a later issue: until then every signed-in
// (dev) user is an admin, so the page always shows its editing controls.
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Switch,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { errorMessage, listPlans, type Plan } from './api.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { useT } from './i18n.tsx';
import { Loading } from './Loading.tsx';
import { usePeople } from './PeopleApi.ts';
import { SettingsDirections } from './SettingsDirections.tsx';
import {
  TENANT_KINDS,
  describeChanges,
  issuesAt,
  patchFrom,
  reapply,
  type FieldIssue,
  type ReminderNumber,
  type SettingsDoc,
  type SettingsForm,
} from './SettingsDraft.ts';
import { loadSettings, saveSettings } from './SettingsApi.ts';
import { kindLabel, roleLabel, weekdayLabel } from './SettingsLabels.ts';
import { SettingsRoles } from './SettingsRoles.tsx';
import { useAsync } from './useAsync.ts';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL, minWidth: 0, maxWidth: '60rem' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  form: { display: 'grid', gap: tokens.spacingVerticalL, minWidth: 0 },
  section: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    minWidth: 0,
  },
  sectionTitle: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  muted: { margin: 0, color: tokens.colorNeutralForeground3, maxWidth: '70ch' },
  // One column at a phone's width, as many as fit beyond.
  fields: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 16rem), 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    // Kept in sight on a long page: the save button is never a scroll away.
    position: 'sticky',
    bottom: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow8,
  },
  focusable: { ':focus': { outline: 'none' } },
  changes: { margin: `${tokens.spacingVerticalXS} 0`, paddingLeft: tokens.spacingHorizontalL },
});

type Problem =
  | { kind: 'conflict'; message: string; current: SettingsDoc | null; lines: string[] }
  | { kind: 'invalid'; message: string }
  | { kind: 'error'; message: string };

export function SettingsView({ onSaved }: { onSaved?: () => void }) {
  const styles = useStyles();
  const t = useT();
  const loaded = useAsync(async (signal) => {
    const [doc, plans] = await Promise.all([loadSettings(signal), listPlans(signal)]);
    return { doc, plans };
  }, []);
  const [base, setBase] = useState<SettingsDoc | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const messageRef = useRef<HTMLDivElement>(null);

  const start = (doc: SettingsDoc) => {
    setBase(doc);
    setForm(structuredClone(doc.form));
    setIssues([]);
  };
  useEffect(() => {
    if (loaded.status === 'ready') start(loaded.data.doc);
  }, [loaded.status, loaded.data]);
  // What the user must read first (a conflict, a refusal, a success) gets the focus.
  useEffect(() => {
    if (problem || notice) messageRef.current?.focus();
  }, [problem, notice]);

  const conflictForm = problem?.kind === 'conflict' ? problem.current?.form : undefined;
  const personIds = useMemo(() => {
    const ids: string[] = [];
    for (const f of [base?.form, form, conflictForm])
      if (f) {
        for (const d of f.directions) ids.push(...d.directorIds);
        for (const r of f.roles) if (r.personId) ids.push(r.personId);
      }
    return ids;
  }, [base, form, conflictForm]);
  const people = usePeople(personIds);
  const plans: Plan[] = loaded.data?.plans ?? [];

  if (loaded.status === 'error') {
    return <ErrorNotice title={t('Les réglages n’ont pas pu être chargés', 'The settings could not be loaded')} message={loaded.error} onRetry={loaded.reload} />;
  }
  if (!base || !form) return <Loading label={t('Chargement des réglages…', 'Loading the settings…')} />;

  const patch = patchFrom(base.form, form);
  const names = {
    person: (id: string) => people.get(id)?.displayName ?? id,
    plan: (id: string) => plans.find((p) => p.id === id)?.title ?? id,
    weekday: (n: number) => weekdayLabel(t, n),
    kind: (k: string) => kindLabel(t, k),
    role: (r: Parameters<typeof roleLabel>[1]) => roleLabel(t, r),
  };

  const edit = (change: (f: SettingsForm) => SettingsForm, structural = false) => {
    setForm((f) => (f ? change(f) : f));
    setNotice(null);
    // A list that gained or lost a row no longer matches the indices the API named.
    if (structural) setIssues([]);
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!patch || saving) return;
    setSaving(true);
    setProblem(null);
    setNotice(null);
    try {
      const outcome = await saveSettings(base.etag, patch);
      if (outcome.kind === 'saved') {
        start(outcome.doc);
        setNotice(t('Réglages enregistrés.', 'Settings saved.'));
        onSaved?.();
      } else if (outcome.kind === 'conflict') {
        const lines = outcome.current ? describeChanges(base.form, outcome.current.form, t, names) : [];
        setProblem({ kind: 'conflict', message: outcome.message, current: outcome.current, lines });
      } else {
        setIssues(outcome.issues);
        setProblem({ kind: 'invalid', message: outcome.message });
      }
    } catch (err) {
      setProblem({ kind: 'error', message: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };

  /** After a 412: the stored version becomes the one edited, with or without the user's changes. */
  const resolve = (keepMine: boolean) => {
    if (problem?.kind !== 'conflict') return;
    const current = problem.current;
    setProblem(null);
    if (!current) {
      loaded.reload();
      setBase(null);
      setForm(null);
      return;
    }
    const mine = form;
    start(current);
    if (keepMine) {
      setForm(reapply(base.form, mine, current.form));
      setNotice(
        t(
          'Vos modifications sont réappliquées sur la version enregistrée : vérifiez-les, puis enregistrez.',
          'Your changes are re-applied on the saved version: check them, then save.',
        ),
      );
    } else {
      setNotice(t('Voici les réglages tels qu’ils sont enregistrés.', 'Here are the settings as saved.'));
    }
  };

  const setProfile = (k: keyof SettingsForm['profile'], value: string) => edit((f) => ({ ...f, profile: { ...f.profile, [k]: value } }));
  const setReminder = (k: ReminderNumber, value: string) => edit((f) => ({ ...f, reminders: { ...f.reminders, [k]: value } }));
  const reminderField = (k: Exclude<ReminderNumber, 'weekday'>, label: string, hint: string) => (
    <Field label={label} hint={hint} validationMessage={issuesAt(issues, `settings.reminders.${k}`)}>
      <Input type="number" inputMode="numeric" value={form.reminders[k]} disabled={saving} onChange={(_, d) => setReminder(k, d.value)} />
    </Field>
  );
  const timeZones = supportedTimeZones();

  return (
    <section className={styles.root} aria-labelledby="settings-title">
      <h2 id="settings-title" className={styles.heading}>
        {t('Réglages', 'Settings')}
      </h2>
      {(problem || notice) && (
        <div ref={messageRef} tabIndex={-1} className={styles.focusable}>
          {problem?.kind === 'conflict' && (
            <MessageBar intent="warning" layout="multiline" role="alert">
              <MessageBarBody>
                <MessageBarTitle>{t('Les réglages ont changé pendant que vous les modifiiez', 'The settings changed while you were editing them')}</MessageBarTitle>
                {problem.message}
                {problem.current && (
                  <>
                    <div>{t('Ce qui a changé entre-temps :', 'What changed meanwhile:')}</div>
                    <ul className={styles.changes} aria-label={t('Changements faits entre-temps', 'Changes made meanwhile')}>
                      {(problem.lines.length > 0
                        ? problem.lines
                        : [t('des réglages que cette page ne montre pas (les canaux suivis).', 'settings this page does not show (the channels followed).')]
                      ).map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                    <div>{t('Rien de ce que vous avez modifié n’est encore enregistré.', 'Nothing you changed is saved yet.')}</div>
                  </>
                )}
              </MessageBarBody>
              <MessageBarActions>
                {problem.current ? (
                  <>
                    <Button onClick={() => resolve(true)}>{t('Recharger et réappliquer mes modifications', 'Reload and re-apply my changes')}</Button>
                    <Button onClick={() => resolve(false)}>{t('Recharger sans mes modifications', 'Reload without my changes')}</Button>
                  </>
                ) : (
                  <Button onClick={() => resolve(false)}>{t('Recharger', 'Reload')}</Button>
                )}
              </MessageBarActions>
            </MessageBar>
          )}
          {problem?.kind === 'invalid' && (
            <MessageBar intent="error" layout="multiline" role="alert">
              <MessageBarBody>
                <MessageBarTitle>{t('Les réglages n’ont pas été enregistrés', 'The settings were not saved')}</MessageBarTitle>
                {problem.message}
              </MessageBarBody>
            </MessageBar>
          )}
          {problem?.kind === 'error' && <ErrorNotice title={t('Les réglages n’ont pas été enregistrés', 'The settings were not saved')} message={problem.message} />}
          {notice && (
            <MessageBar intent="success" layout="multiline">
              <MessageBarBody>{notice}</MessageBarBody>
            </MessageBar>
          )}
        </div>
      )}

      <form className={styles.form} onSubmit={(e) => void save(e)} aria-labelledby="settings-title" noValidate>
        <section className={styles.section} aria-labelledby="settings-profile">
          <h3 id="settings-profile" className={styles.sectionTitle}>
            {t('La collectivité', 'The organisation')}
          </h3>
          <div className={styles.fields}>
            <Field label={t('Nom', 'Name')} required validationMessage={issuesAt(issues, 'profile.name')}>
              <Input value={form.profile.name} disabled={saving} onChange={(_, d) => setProfile('name', d.value)} />
            </Field>
            <Field label={t('Type', 'Kind')} validationMessage={issuesAt(issues, 'profile.kind')}>
              <Select value={form.profile.kind} disabled={saving} onChange={(_, d) => setProfile('kind', d.value)}>
                {TENANT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {kindLabel(t, k)}
                  </option>
                ))}
                {!(TENANT_KINDS as readonly string[]).includes(form.profile.kind) && <option value={form.profile.kind}>{form.profile.kind}</option>}
              </Select>
            </Field>
            <Field
              label={t('Langue et pays', 'Language and country')}
              hint={t('Par exemple fr-FR', 'For example fr-FR')}
              validationMessage={issuesAt(issues, 'profile.locale')}
            >
              <Input value={form.profile.locale} disabled={saving} onChange={(_, d) => setProfile('locale', d.value)} />
            </Field>
            <Field
              label={t('Fuseau horaire', 'Time zone')}
              hint={t('Par exemple Europe/Paris, America/Cayenne', 'For example Europe/Paris, America/Cayenne')}
              validationMessage={issuesAt(issues, 'profile.timeZone')}
            >
              <Input value={form.profile.timeZone} list="settings-time-zones" disabled={saving} onChange={(_, d) => setProfile('timeZone', d.value)} />
            </Field>
            <datalist id="settings-time-zones">
              {timeZones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </div>
        </section>

        <section className={styles.section} aria-labelledby="settings-directions">
          <h3 id="settings-directions" className={styles.sectionTitle}>
            {t('Directions', 'Directions')}
          </h3>
          <p className={styles.muted}>
            {t(
              'Les directions qui portent les projets. Le code est celui qu’écrivent les fichiers importés, qui retrouvent une direction par son nom ou son code.',
              'The directions that lead the projects. The code is the one imported files write; they find a direction by its name or its code.',
            )}
          </p>
          <SettingsDirections
            directions={form.directions}
            people={people}
            issues={issues}
            disabled={saving}
            onChange={(directions, structural) => edit((f) => ({ ...f, directions }), structural)}
          />
        </section>

        <section className={styles.section} aria-labelledby="settings-roles">
          <h3 id="settings-roles" className={styles.sectionTitle}>
            {t('Rôles', 'Roles')}
          </h3>
          <p className={styles.muted}>
            {t(
              'Qui administre le plan, dirige une direction, contribue ou consulte. Les rôles seront appliqués dans une prochaine version : pour l’instant, toute personne connectée peut tout modifier.',
              'Who administers the plan, directs a direction, contributes or reads. Roles will be enforced in a coming version: for now, anyone signed in can change everything.',
            )}
          </p>
          <SettingsRoles
            roles={form.roles}
            directions={form.directions}
            people={people}
            issues={issues}
            disabled={saving}
            onChange={(roles, structural) => edit((f) => ({ ...f, roles }), structural)}
          />
        </section>

        <section className={styles.section} aria-labelledby="settings-reminders">
          <h3 id="settings-reminders" className={styles.sectionTitle}>
            {t('Rappels', 'Reminders')}
          </h3>
          <Switch
            label={t('Envoyer les rappels', 'Send reminders')}
            checked={form.reminders.enabled}
            disabled={saving}
            onChange={(_, d) => edit((f) => ({ ...f, reminders: { ...f.reminders, enabled: d.checked } }))}
          />
          {issuesAt(issues, 'settings.reminders.enabled') && <p className={styles.muted}>{issuesAt(issues, 'settings.reminders.enabled')}</p>}
          <div className={styles.fields}>
            <Field label={t('Jour', 'Day')} validationMessage={issuesAt(issues, 'settings.reminders.weekday')}>
              <Select value={form.reminders.weekday} disabled={saving} onChange={(_, d) => setReminder('weekday', d.value)}>
                {[1, 2, 3, 4, 5, 6, 7].map((n) => (
                  <option key={n} value={String(n)}>
                    {weekdayLabel(t, n)}
                  </option>
                ))}
              </Select>
            </Field>
            {reminderField('hour', t('Heure', 'Hour'), t('De 0 à 23, à l’heure de la collectivité', 'From 0 to 23, in the organisation’s time zone'))}
            {reminderField('dueWithinDays', t('Jalons à échéance dans (jours)', 'Milestones due within (days)'), t('Rappeler les jalons dont l’échéance approche', 'Remind of milestones coming due'))}
            {reminderField('staleAfterDays', t('Projet sans mise à jour depuis (jours)', 'Project not updated for (days)'), t('Relancer le responsable du projet', 'Remind the project’s owner'))}
            {reminderField('escalateAfterDays', t('Prévenir la direction après (jours)', 'Tell the direction after (days)'), t('Sans réponse à un rappel', 'With no answer to a reminder'))}
          </div>
        </section>

        <section className={styles.section} aria-labelledby="settings-plan">
          <h3 id="settings-plan" className={styles.sectionTitle}>
            {t('Plan affiché par défaut', 'Plan shown by default')}
          </h3>
          <Field
            label={t('Plan ouvert à l’arrivée dans Jalon', 'Plan opened when arriving in Jalon')}
            validationMessage={issuesAt(issues, 'settings.defaultPlanId')}
          >
            <Select value={form.defaultPlanId ?? ''} disabled={saving} onChange={(_, d) => edit((f) => ({ ...f, defaultPlanId: d.value || null }))}>
              <option value="">{t('Aucun : le premier plan', 'None: the first plan')}</option>
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
              {form.defaultPlanId && !plans.some((p) => p.id === form.defaultPlanId) && (
                <option value={form.defaultPlanId}>{t(`Plan introuvable (${form.defaultPlanId})`, `Plan not found (${form.defaultPlanId})`)}</option>
              )}
            </Select>
          </Field>
        </section>

        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={!patch || saving}>
            {saving ? t('Enregistrement…', 'Saving…') : t('Enregistrer les réglages', 'Save the settings')}
          </Button>
          <Button
            type="button"
            disabled={!patch || saving}
            onClick={() => {
              setForm(structuredClone(base.form));
              setIssues([]);
              setProblem(null);
            }}
          >
            {t('Abandonner mes modifications', 'Discard my changes')}
          </Button>
          {patch && <span>{t('Modifications non enregistrées', 'Unsaved changes')}</span>}
        </div>
      </form>
    </section>
  );
}

let zones: string[] | null = null;
/** The IANA time zones the browser knows, for the time zone field's suggestions. */
function supportedTimeZones(): string[] {
  if (zones) return zones;
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['Europe/Paris'];
  }
  return zones;
}
