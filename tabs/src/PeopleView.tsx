// Personnes: the names met in imported sheets that no Teams user is linked to yet, each
// linked from a people picker, either to a known person (this name is another spelling of
// someone already linked: it takes their Teams identity) or to an e-mail (linked at that
// person's first sign-in). Linked names leave the list. Plan admins only: roles are
// enforced in a later issue, until then every signed-in user sees the page.
import { Button, MessageBar, MessageBarActions, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from './api.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { formatNumber } from './format.ts';
import { useLang, useT } from './i18n.tsx';
import { Loading } from './Loading.tsx';
import { isLinked, linkPerson, listUnlinked, rememberPeople, type LinkChange, type Person } from './PeopleApi.ts';
import { PeoplePicker, type PeoplePick } from './PeoplePicker.tsx';
import { useAsync } from './useAsync.ts';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL, minWidth: 0, maxWidth: '60rem' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  intro: { margin: 0, maxWidth: '70ch' },
  count: { margin: 0, fontWeight: tokens.fontWeightSemibold, ':focus': { outline: 'none' } },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalS, minWidth: 0 },
  row: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    minWidth: 0,
  },
  line: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  who: { display: 'grid', minWidth: 0, flex: '1 1 14rem', overflowWrap: 'anywhere' },
  name: { fontWeight: tokens.fontWeightSemibold },
  detail: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

interface Notice {
  text: string;
  /** Undoes the link just made. */
  undo?: () => void;
}

export function PeopleView() {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const loaded = useAsync((signal) => listUnlinked(signal), []);
  const [people, setPeople] = useState<Person[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const countRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (loaded.status === 'ready') {
      setPeople(loaded.data);
      rememberPeople(loaded.data);
    }
  }, [loaded.status, loaded.data]);

  if (loaded.status === 'error') {
    return <ErrorNotice title={t('La liste des personnes n’a pas pu être chargée', 'The list of people could not be loaded')} message={loaded.error} onRetry={loaded.reload} />;
  }
  if (people === null) return <Loading label={t('Chargement des personnes…', 'Loading people…')} />;

  const n = people.length;
  const count =
    lang === 'en'
      ? `${formatNumber(n)} ${n === 1 ? 'name' : 'names'} to link`
      : `${formatNumber(n)}\u00a0${n < 2 ? 'nom à lier' : 'noms à lier'}`;

  const replace = (next: Person) => setPeople((list) => (list ?? []).map((p) => (p.id === next.id ? next : p)));
  const drop = (id: string) => setPeople((list) => (list ?? []).filter((p) => p.id !== id));

  const link = async (person: Person, pick: PeoplePick) => {
    const change: LinkChange = pick.kind === 'person' ? { sameAs: pick.person.id } : { email: pick.email };
    setBusy(person.id);
    setRowError(null);
    setNotice(null);
    try {
      const outcome = await linkPerson(person, change);
      if (outcome.kind === 'linked') {
        const saved = outcome.person;
        rememberPeople([saved]);
        setOpen(null);
        if (isLinked(saved)) {
          drop(saved.id);
          countRef.current?.focus();
          const target = pick.kind === 'person' ? pick.person.displayName : saved.email ?? '';
          setNotice({
            text: t(`${saved.displayName} est liée à l’identité Teams de ${target}.`, `${saved.displayName} is linked to the Teams identity of ${target}.`),
            undo: () => void unlink(saved, { entraObjectId: null, teamsUserId: null }),
          });
        } else {
          replace(saved);
          setNotice({
            text: t(
              `L’adresse ${saved.email ?? ''} est enregistrée pour ${saved.displayName} : le lien avec Teams se fera à sa première connexion.`,
              `The address ${saved.email ?? ''} is saved for ${saved.displayName}: the link with Teams is made at their first sign-in.`,
            ),
            undo: () => void unlink(saved, { email: person.email }),
          });
        }
      } else if (outcome.kind === 'conflict') {
        const current = outcome.current;
        if (current && isLinked(current)) {
          drop(current.id);
          setNotice({ text: t(`${current.displayName} a été liée entre-temps par quelqu’un d’autre.`, `${current.displayName} was linked by someone else meanwhile.`) });
        } else {
          if (current) replace(current);
          setRowError({
            id: person.id,
            message: `${outcome.message} ${t('Sa fiche est relue : choisissez à nouveau.', 'Their record was read again: choose again.')}`,
          });
        }
      } else {
        setRowError({ id: person.id, message: outcome.message });
      }
    } catch (e) {
      setRowError({ id: person.id, message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  /** Undoes a link: the name comes back in the list as it was. */
  const unlink = async (saved: Person, change: LinkChange) => {
    setNotice(null);
    try {
      const outcome = await linkPerson(saved, change);
      if (outcome.kind === 'linked') {
        const back = outcome.person;
        setPeople((list) => {
          const rest = (list ?? []).filter((p) => p.id !== back.id);
          return [...rest, back].sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr') || a.id.localeCompare(b.id));
        });
        setNotice({ text: t(`Lien annulé pour ${back.displayName}.`, `Link undone for ${back.displayName}.`) });
      } else {
        setNotice({ text: outcome.message });
      }
    } catch (e) {
      setNotice({ text: errorMessage(e) });
    }
  };

  return (
    <section className={styles.root} aria-labelledby="people-title">
      <h2 id="people-title" className={styles.heading}>
        {t('Personnes', 'People')}
      </h2>
      <p className={styles.intro}>
        {t(
          'Les noms venus des fichiers importés qu’aucun utilisateur Teams ne porte encore. Choisissez pour chacun une personne connue dont ce nom est une autre écriture (il prend alors son identité Teams), ou indiquez son adresse e-mail : le lien se fera à sa première connexion.',
          'The names from imported files that no Teams user carries yet. For each, choose a known person this name is another spelling of (it then takes their Teams identity), or give their e-mail address: the link is made at their first sign-in.',
        )}
      </p>
      <p className={styles.count} role="status" aria-live="polite" tabIndex={-1} ref={countRef}>
        {count}
      </p>
      {notice && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{notice.text}</MessageBarBody>
          {notice.undo && (
            <MessageBarActions>
              <Button onClick={notice.undo}>{t('Annuler ce lien', 'Undo this link')}</Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
      {n === 0 ? (
        <Text>{t('Tous les noms importés sont liés à un utilisateur Teams.', 'Every imported name is linked to a Teams user.')}</Text>
      ) : (
        <ul className={styles.list} aria-label={t('Noms à lier', 'Names to link')}>
          {people.map((p) => {
            const isOpen = open === p.id;
            return (
              <li key={p.id} className={styles.row}>
                <div className={styles.line}>
                  <div className={styles.who}>
                    <span className={styles.name}>{p.displayName}</span>
                    <span className={styles.detail}>
                      {t('Vu dans', 'Seen in')} {p.source}
                      {p.email ? ` · ${t('e-mail', 'e-mail')} ${p.email} — ${t('en attente de sa première connexion', 'waiting for their first sign-in')}` : ''}
                    </span>
                  </div>
                  <Button
                    aria-expanded={isOpen}
                    aria-label={isOpen ? t(`Fermer le lien de ${p.displayName}`, `Close linking ${p.displayName}`) : t(`Lier ${p.displayName}`, `Link ${p.displayName}`)}
                    onClick={() => {
                      setOpen(isOpen ? null : p.id);
                      setRowError(null);
                    }}
                  >
                    {isOpen ? t('Fermer', 'Close') : t('Lier…', 'Link…')}
                  </Button>
                </div>
                {isOpen && (
                  <PeoplePicker
                    label={t(`Lier ${p.displayName} à`, `Link ${p.displayName} to`)}
                    hint={t(
                      'Recherche parmi les personnes déjà liées à Teams dans Jalon ; l’annuaire Microsoft 365 (Graph) n’est pas configuré.',
                      'Searches the people already linked to Teams in Jalon; the Microsoft 365 directory (Graph) is not configured.',
                    )}
                    linkedOnly
                    allowEmail
                    exclude={[p.id]}
                    disabled={busy !== null}
                    error={rowError?.id === p.id ? rowError.message : undefined}
                    onPick={(pick) => void link(p, pick)}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
