// A search among the tenant's people (GET /api/people?q=), in a Fluent Combobox: type a
// few letters of a name or an e-mail, pick one. Microsoft Graph is not configured: the
// people found are those Jalon knows, and the picker can say so in its hint.
import { Combobox, Field, Option, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { errorMessage } from './api.ts';
import { useT } from './i18n.tsx';
import { isLinked, rememberPeople, searchPeople, type Person } from './PeopleApi.ts';

const useStyles = makeStyles({
  root: { minWidth: 0, maxWidth: '28rem' },
  combobox: { minWidth: 0, width: '100%' },
  secondary: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

// One @, a dotted domain, no space: as plan/directory.ts checks it (the API has the last word).
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\].]{2,}$/u;
export const looksLikeEmail = (text: string) => EMAIL.test(text.trim());

const EMAIL_PREFIX = 'email:';

export type PeoplePick = { kind: 'person'; person: Person } | { kind: 'email'; email: string };

export function PeoplePicker({
  label,
  hint,
  linkedOnly,
  allowEmail = false,
  exclude = [],
  disabled = false,
  error,
  onPick,
}: {
  label: string;
  hint?: string;
  /** Only the people linked to a Teams identity. */
  linkedOnly: boolean;
  /** Offer the typed text as an e-mail when it looks like one. */
  allowEmail?: boolean;
  exclude?: readonly string[];
  disabled?: boolean;
  error?: string | undefined;
  onPick(pick: PeoplePick): void;
}) {
  const styles = useStyles();
  const t = useT();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const query = text.trim();

  useEffect(() => {
    if (query.length < 2) {
      setFound(null);
      return;
    }
    const controller = new AbortController();
    // A call per pause in the typing, not per key.
    const timer = setTimeout(() => {
      searchPeople(query, { linkedOnly, max: 20 }, controller.signal).then(
        (people) => {
          rememberPeople(people);
          setFound(people);
          setFailure(null);
        },
        (e: unknown) => {
          if (!controller.signal.aborted) setFailure(errorMessage(e));
        },
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, linkedOnly]);

  const people = (found ?? []).filter((p) => !exclude.includes(p.id));
  const emailOption = allowEmail && looksLikeEmail(query);

  return (
    <Field label={label} hint={hint} validationMessage={error ?? failure ?? undefined} className={styles.root}>
      <Combobox
        className={styles.combobox}
        freeform
        disabled={disabled}
        value={text}
        selectedOptions={[]}
        placeholder={allowEmail ? t('Nom ou adresse e-mail', 'Name or e-mail address') : t('Tapez un nom', 'Type a name')}
        onChange={(e) => setText(e.target.value)}
        onOptionSelect={(_, data) => {
          const value = data.optionValue ?? '';
          if (value.startsWith(EMAIL_PREFIX)) onPick({ kind: 'email', email: value.slice(EMAIL_PREFIX.length) });
          else {
            const person = people.find((p) => p.id === value);
            if (!person) return;
            onPick({ kind: 'person', person });
          }
          setText('');
          setFound(null);
        }}
      >
        {emailOption && (
          <Option value={`${EMAIL_PREFIX}${query}`} text={query}>
            {t(`Utiliser l’adresse ${query}`, `Use the address ${query}`)}
          </Option>
        )}
        {people.map((p) => (
          <Option key={p.id} value={p.id} text={p.displayName}>
            <span>
              {p.displayName}
              <span className={styles.secondary}>
                {[p.email, isLinked(p) ? null : t('pas encore liée à Teams', 'not linked to Teams yet')].filter(Boolean).join(' · ')}
              </span>
            </span>
          </Option>
        ))}
        {!emailOption && people.length === 0 && (
          <Option value="" text="" disabled>
            {query.length < 2
              ? t('Tapez au moins deux lettres', 'Type at least two letters')
              : found === null
                ? t('Recherche…', 'Searching…')
                : t('Aucune personne trouvée', 'Nobody found')}
          </Option>
        )}
      </Combobox>
    </Field>
  );
}
