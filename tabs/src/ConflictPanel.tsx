// A save refused because someone else changed the record meanwhile (412): both versions
// side by side, field by field, differences marked (in words, not only by colour), and
// the two ways out: keep my changes (sent again over the current version, with its etag)
// or take the current version (mine dropped). `useGuardedSave` runs a save that may end so.
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, errorMessage, StaleVersionError } from './api.ts';
import { useT } from './i18n.tsx';

// ───────────────────────── saving with If-Match ─────────────────────────

export interface GuardedSave<T, P> {
  busy: boolean;
  /** The API's message for anything but a conflict (400, 428, 404…), as it worded it. */
  error: string | null;
  /** Field → message, from a 400's details (`budget.planned` → its message). */
  fieldErrors: Record<string, string>;
  /** The patch refused with 412 and the version the API holds now. */
  conflict: { patch: P; current: T } | null;
  /**
   * Sends `patch` as a change of the version `etag`; true when saved. « Keep my changes »
   * is a save of the caller's current draft with `conflict.current.etag`.
   */
  save(etag: string, patch: P): Promise<boolean>;
  /** Drops the refused patch and takes the current version. */
  takeCurrent(): void;
  /** Forgets errors and conflict (the edit was cancelled). */
  reset(): void;
}

export function useGuardedSave<T extends { etag: string }, P>(
  send: (etag: string, patch: P) => Promise<T>,
  onSaved: (saved: T) => void,
  onTakeCurrent: (current: T) => void,
): GuardedSave<T, P> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<{ patch: P; current: T } | null>(null);

  const save = async (etag: string, patch: P): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const saved = await send(etag, patch);
      setConflict(null);
      onSaved(saved);
      return true;
    } catch (e) {
      if (e instanceof StaleVersionError) {
        setConflict({ patch, current: e.current as T });
      } else {
        setConflict(null);
        setError(errorMessage(e));
        setFieldErrors(fieldMessages(e));
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  return {
    busy,
    error,
    fieldErrors,
    conflict,
    save,
    takeCurrent: () => {
      if (!conflict) return;
      setConflict(null);
      onTakeCurrent(conflict.current);
    },
    reset: () => {
      setConflict(null);
      setError(null);
      setFieldErrors({});
    },
  };
}

/** A 400's details ([{ path, message }]) by path; the first message of a path wins. */
function fieldMessages(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || !Array.isArray(e.details)) return {};
  const out: Record<string, string> = {};
  for (const d of e.details as Array<{ path?: unknown; message?: unknown }>) {
    if (typeof d?.path === 'string' && typeof d.message === 'string' && !(d.path in out)) out[d.path] = d.message;
  }
  return out;
}

// ───────────────────────── the rows compared ─────────────────────────

export interface FieldView<R> {
  key: string;
  label: string;
  show(record: R): string;
}

export interface ConflictRow {
  key: string;
  label: string;
  mine: string;
  current: string;
  /** The user changed this field. */
  mineChanged: boolean;
  /** Someone else changed it since the user read the record. */
  theirsChanged: boolean;
}

/**
 * The fields to show: those the user changed and those changed by someone else since
 * `base` (what the user read). `mine` is `base` with the user's changes.
 */
export function conflictRows<R>(fields: ReadonlyArray<FieldView<R>>, base: R, mine: R, current: R, changedKeys: ReadonlySet<string>): ConflictRow[] {
  return fields.flatMap((f) => {
    const mineChanged = changedKeys.has(f.key);
    const theirsChanged = f.show(base) !== f.show(current);
    return mineChanged || theirsChanged
      ? [{ key: f.key, label: f.label, mine: f.show(mine), current: f.show(current), mineChanged, theirsChanged }]
      : [];
  });
}

// ───────────────────────── the panel ─────────────────────────

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalM,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusWarningBorder1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    minWidth: 0,
  },
  // Focused by script to announce the conflict; not a control, so no focus ring.
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, ':focus': { outline: 'none' } },
  scroller: { overflowX: 'auto', maxWidth: '100%', ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` } },
  table: { tableLayout: 'auto', minWidth: '20rem' },
  fieldColumn: { width: '11rem' },
  value: { whiteSpace: 'pre-line', overflowWrap: 'anywhere', verticalAlign: 'top' },
  differs: { backgroundColor: tokens.colorStatusWarningBackground1 },
  marks: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, marginTop: tokens.spacingVerticalXXS },
  // Small labels that wrap (a Badge keeps one line and would overflow a narrow column).
  mark: {
    display: 'inline-block',
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground2,
  },
  markDiffers: {
    color: tokens.colorStatusWarningForeground3,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusWarningBorder2}`,
    fontWeight: tokens.fontWeightSemibold,
  },
  note: { margin: 0, color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export function ConflictPanel({
  what,
  message,
  rows,
  busy,
  onKeepMine,
  onTakeCurrent,
}: {
  /** « ce projet », « ce jalon ». */
  what: string;
  /** The API's own words for the 412. */
  message?: string;
  rows: ConflictRow[];
  busy: boolean;
  onKeepMine(): void;
  onTakeCurrent(): void;
}) {
  const styles = useStyles();
  const t = useT();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // Inside a section titled h3 (the form, the météo, a milestone's editor).
  // Keyboard and screen reader users are taken to what now needs a decision.
  useEffect(() => heading.current?.focus(), []);
  const differing = rows.filter((r) => r.mine !== r.current).length;

  return (
    <section className={styles.root} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} ref={heading} tabIndex={-1} className={styles.heading}>
        {t(`Quelqu’un a modifié ${what} pendant que vous le modifiiez`, `Someone changed ${what} while you were editing it`)}
      </h4>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('Rien n’a été enregistré.', 'Nothing was saved.')}</MessageBarTitle>
          {message ? `${message} ` : ''}
          {t(
            `Comparez votre version et la version actuelle : ${differing} champ${differing > 1 ? 's' : ''} diffère${differing > 1 ? 'nt' : ''}.`,
            `Compare your version and the current one: ${differing} field${differing === 1 ? '' : 's'} differ${differing === 1 ? 's' : ''}.`,
          )}
        </MessageBarBody>
      </MessageBar>
      <div className={styles.scroller} role="region" tabIndex={0} aria-label={t('Comparaison des deux versions', 'Both versions compared')}>
        <Table className={styles.table} size="small" aria-label={t('Votre version et la version actuelle, champ par champ', 'Your version and the current one, field by field')}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col" className={styles.fieldColumn}>
                {t('Champ', 'Field')}
              </TableHeaderCell>
              <TableHeaderCell scope="col">{t('Votre version', 'Your version')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('Version actuelle', 'Current version')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => {
              const differs = r.mine !== r.current;
              return (
                <TableRow key={r.key} className={mergeClasses(differs && styles.differs)} data-differs={differs ? 'true' : 'false'}>
                  <TableCell className={styles.value}>
                    <span>{r.label}</span>
                    <span className={styles.marks}>
                      {differs && <span className={mergeClasses(styles.mark, styles.markDiffers)}>{t('diffère', 'differs')}</span>}
                      {r.mineChanged && <span className={styles.mark}>{t('modifié par vous', 'changed by you')}</span>}
                      {r.theirsChanged && <span className={styles.mark}>{t('modifié depuis votre lecture', 'changed since you read it')}</span>}
                    </span>
                  </TableCell>
                  <TableCell className={styles.value}>{r.mine}</TableCell>
                  <TableCell className={styles.value}>{r.current}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <p className={styles.note}>
        {t(
          'Garder mes modifications : les champs que vous avez modifiés prennent votre valeur, les autres gardent la version actuelle. Prendre la version actuelle : vos modifications sont abandonnées.',
          'Keep my changes: the fields you changed take your value, the others keep the current version. Take the current version: your changes are dropped.',
        )}
      </p>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={busy} onClick={onKeepMine}>
          {busy ? t('Enregistrement…', 'Saving…') : t('Garder mes modifications', 'Keep my changes')}
        </Button>
        <Button disabled={busy} onClick={onTakeCurrent}>
          {t('Prendre la version actuelle', 'Take the current version')}
        </Button>
      </div>
    </section>
  );
}
