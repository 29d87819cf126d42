// La météo: the owner's judgement of the project (soleil, nuageux, orage) with a comment,
// declared here as a declaration of today (PATCH `meteo`, appended to the history by the
// API), and the history of declarations. Shown as declared: never averaged with anything.
import {
  Button,
  Field,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { updateProject, type Meteo, type ProjectDetail, type ProjectPatch, type ProjectRecord } from './api.ts';
import { ConflictPanel, conflictRows, useGuardedSave } from './ConflictPanel.tsx';
import { formatLongDate } from './format.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { useLang, useT } from './i18n.tsx';
import { applyPatch, patchKeys, type ProjectSectionProps } from './ProjectFields.tsx';
import { meteoOf, METEOS } from './ProjectVocab.ts';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalM, minWidth: 0 },
  current: { margin: 0, fontSize: tokens.fontSizeBase400 },
  value: { fontWeight: tokens.fontWeightSemibold },
  meta: { margin: 0, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  form: { display: 'grid', gap: tokens.spacingVerticalS },
  radios: { display: 'flex', flexWrap: 'wrap' },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  scroller: { overflowX: 'auto', maxWidth: '100%', ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` } },
  table: { minWidth: '24rem' },
  comment: { whiteSpace: 'pre-line', overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
  empty: { margin: 0, color: tokens.colorNeutralForeground3 },
});

export function ProjectMeteo({
  project,
  names,
  fields,
  today,
  onSaved,
  onTakeCurrent,
}: ProjectSectionProps) {
  const styles = useStyles();
  const t = useT();
  const lang = useLang();
  const [value, setValue] = useState<Meteo | ''>('');
  const [comment, setComment] = useState('');
  const guard = useGuardedSave<ProjectRecord, ProjectPatch>(
    (etag, patch) => updateProject(project.id, etag, patch),
    (saved) => {
      setValue('');
      setComment('');
      onSaved(saved as ProjectDetail);
    },
    onTakeCurrent,
  );
  // The declaration as the form holds it now (it may change while the conflict shows).
  const patch: ProjectPatch | null = value ? { meteo: { value, comment: comment.trim() } } : null;
  const rows = useMemo(() => {
    if (!guard.conflict) return [];
    const mine = patch ?? guard.conflict.patch;
    return conflictRows(fields, project, applyPatch(project, mine, today, null), guard.conflict.current, patchKeys(mine));
  }, [guard.conflict, fields, project, today, patch?.meteo?.value, patch?.meteo?.comment]);

  // Newest first; the API appends, so the stored order is oldest first.
  const history = [...project.meteoHistory].reverse();
  const m = project.meteo;

  return (
    <div className={styles.root}>
      {m ? (
        <div>
          <p className={styles.current} data-testid="meteo-current">
            {t('Météo déclarée : ', 'Declared weather: ')}
            <span className={styles.value}>{meteoOf(lang, m.value)}</span>
          </p>
          <p className={styles.meta}>
            {t(`le ${formatLongDate(m.date)}, par ${names.person(m.byId)}`, `on ${formatLongDate(m.date)}, by ${names.person(m.byId)}`)}
            {m.comment ? ` — « ${m.comment} »` : ''}
          </p>
        </div>
      ) : (
        <p className={styles.empty}>{t('Aucune météo déclarée pour ce projet.', 'No weather declared for this project.')}</p>
      )}

      <form
        className={styles.form}
        aria-label={t('Déclarer la météo', 'Declare the weather')}
        onSubmit={(e) => {
          e.preventDefault();
          if (patch) void guard.save(project.etag, patch);
        }}
      >
        {guard.error && <ErrorNotice title={t('La météo n’a pas été enregistrée', 'The weather was not saved')} message={guard.error} />}
        {guard.conflict && (
          <ConflictPanel
            what={t('ce projet', 'this project')}
            rows={rows}
            busy={guard.busy}
            onKeepMine={() => guard.conflict && void guard.save(guard.conflict.current.etag, patch ?? guard.conflict.patch)}
            onTakeCurrent={guard.takeCurrent}
          />
        )}
        <Field label={t('Météo du jour', 'Today’s weather')} required>
          <RadioGroup className={styles.radios} layout="horizontal" value={value} onChange={(_, d) => setValue(d.value as Meteo)}>
            {METEOS.map((v) => (
              <Radio key={v} value={v} label={meteoOf(lang, v)} />
            ))}
          </RadioGroup>
        </Field>
        <Field label={t('Commentaire', 'Comment')} hint={t('Ce qui justifie cette météo.', 'What this weather is based on.')}>
          <Textarea value={comment} resize="vertical" onChange={(_, d) => setComment(d.value)} />
        </Field>
        <div>
          <Button appearance="primary" type="submit" disabled={!value || guard.busy || guard.conflict !== null}>
            {guard.busy ? t('Enregistrement…', 'Saving…') : t('Déclarer la météo', 'Declare the weather')}
          </Button>
        </div>
      </form>

      <h4 className={styles.subheading}>{t('Historique des déclarations', 'Declarations so far')}</h4>
      {history.length === 0 ? (
        <p className={styles.empty}>{t('Aucune déclaration pour l’instant.', 'No declaration yet.')}</p>
      ) : (
        <div className={styles.scroller} role="region" tabIndex={0} aria-label={t('Historique de la météo (défile horizontalement)', 'Weather history (scrolls sideways)')}>
          <Table className={styles.table} size="small" aria-label={t('Historique de la météo', 'Weather history')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('Date', 'Date')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('Météo', 'Weather')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('Commentaire', 'Comment')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('Par', 'By')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {history.map((h, i) => (
                <TableRow key={`${h.date}-${i}`}>
                  <TableCell className={styles.nowrap}>{formatLongDate(h.date)}</TableCell>
                  <TableCell className={styles.nowrap}>{meteoOf(lang, h.value)}</TableCell>
                  <TableCell className={styles.comment}>{h.comment || '—'}</TableCell>
                  <TableCell>{names.person(h.byId)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
