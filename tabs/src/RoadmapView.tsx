// Feuille de route: the plan's strategic milestones on a timeline, one row per ambition,
// filtered by ambition and direction and zoomed by quarter or year (all kept in the
// address, so that a view can be shared). A marker lists its milestones below the chart;
// milestones with no date are listed apart.
import { Button, Field, Radio, RadioGroup, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useT } from './i18n.tsx';
import { NONE, counted, noAmbitionLabel, noDirectionLabel, type Labels } from './labels.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Loading } from './Loading.tsx';
import { getRoadmap, type RoadmapMilestone, type RoadmapRow } from './RoadmapData.ts';
import { RoadmapDetails, RoadmapMilestoneList } from './RoadmapDetails.tsx';
import { ZOOMS, type Zoom } from './RoadmapScale.ts';
import { RoadmapTimeline, type OpenCluster } from './RoadmapTimeline.tsx';
import { hrefFor } from './route.ts';
import { useAsync } from './useAsync.ts';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  controls: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 14rem), 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
  },
  field: { minWidth: 0, '& select': { width: '100%', textOverflow: 'ellipsis' } },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  summary: { margin: 0, display: 'flex', flexWrap: 'wrap', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, padding: 0, listStyleType: 'none' },
  figure: { fontWeight: tokens.fontWeightSemibold },
  late: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    alignItems: 'center',
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    fontSize: tokens.fontSizeBase200,
  },
  swatch: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    minWidth: '1.5rem',
    height: '1.25rem',
    marginRight: tokens.spacingHorizontalXS,
    borderRadius: tokens.borderRadiusCircular,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase100,
  },
  swatchLate: { backgroundColor: tokens.colorPaletteRedBackground3, color: tokens.colorNeutralForegroundOnBrand, border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteRedBorder2}` },
  swatchReached: { backgroundColor: tokens.colorPaletteGreenBackground2, color: tokens.colorPaletteGreenForeground2, border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteGreenBorder2}` },
  swatchOpen: { backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorBrandForeground1, border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
  swatchToday: { display: 'inline-block', width: 0, height: '1.25rem', marginRight: tokens.spacingHorizontalS, borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`, verticalAlign: 'middle' },
  help: { margin: 0, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  empty: {
    margin: 0,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
  },
  section: { display: 'grid', gap: tokens.spacingVerticalS, minWidth: 0 },
});

export interface RoadmapParams {
  ambition?: string;
  direction?: string;
  zoom?: Zoom;
}

export function roadmapParams(params: URLSearchParams): RoadmapParams {
  const zoom = params.get('zoom');
  return {
    ambition: params.get('ambition') || undefined,
    direction: params.get('direction') || undefined,
    zoom: (ZOOMS as readonly string[]).includes(zoom ?? '') ? (zoom as Zoom) : undefined,
  };
}

export function RoadmapView({
  planId,
  labels,
  params,
  onParams,
}: {
  planId: string;
  labels: Labels;
  params: RoadmapParams;
  onParams(next: RoadmapParams): void;
}) {
  const styles = useStyles();
  const t = useT();
  const zoom: Zoom = params.zoom ?? 'quarter';
  // The radios answer at once; the chart redraws at the new scale right after.
  const chartZoom = useDeferredValue(zoom);
  const { ambition, direction } = params;
  const roadmap = useAsync((signal) => getRoadmap(planId, { ambition, direction }, signal), [planId, ambition, direction]);
  const [open, setOpen] = useState<OpenCluster | null>(null);
  const [todayRequest, setTodayRequest] = useState(0);
  const detailsHeading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<string | null>(null);

  // Another plan, filter or zoom: the list of the marker chosen no longer matches.
  useEffect(() => setOpen(null), [planId, ambition, direction, zoom]);
  useEffect(() => {
    if (open) detailsHeading.current?.focus();
  }, [open?.key]); // eslint-disable-line react-hooks/exhaustive-deps

  const data = roadmap.data;
  // The dashboard's names (the ones the filters show), else the roadmap's own.
  const ambitionTitle = useCallback(
    (id: string | null, fallback?: string) =>
      id === null ? noAmbitionLabel(t) : labels.ambitions.find((a) => a.id === id)?.title ?? (fallback || id),
    [labels, t],
  );
  const rowTitle = useCallback((row: RoadmapRow) => ambitionTitle(row.id, row.title), [ambitionTitle]);
  const ownerOf = useCallback(
    (m: RoadmapMilestone) => {
      if (m.projectId !== null) {
        const p = data?.projects.get(m.projectId);
        const dir = p ? labels.direction(p.leadDirectionId) : null;
        const name = p?.title ?? m.projectId;
        const direction = dir && p?.leadDirectionId ? ` (${dir})` : '';
        return t(`Projet : ${name}${direction}`, `Project: ${name}${direction}`);
      }
      if (m.objectiveId !== null) {
        const name = data?.programmes.get(m.objectiveId) ?? m.objectiveId;
        return t(`Programme : ${name}`, `Programme: ${name}`);
      }
      return t('Sans projet', 'No project');
    },
    [data, labels, t],
  );

  const projectHref = useCallback((projectId: string) => hrefFor('project', { plan: planId, id: projectId }), [planId]);

  const set = (patch: Partial<RoadmapParams>) => onParams({ ...params, ...patch });
  const filtered = Boolean(ambition || direction);

  const closeDetails = () => {
    const key = opener.current;
    setOpen(null);
    if (key) requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`[data-key="${key}"]`)?.focus());
  };

  const totals = useMemo(() => {
    if (!data) return null;
    const dated = data.rows.reduce((n, r) => n + r.milestones, 0);
    return {
      dated,
      all: dated + data.undated.milestones,
      late: data.rows.reduce((n, r) => n + r.late, 0) + data.undated.late,
      reached: data.rows.reduce((n, r) => n + r.reached, 0),
    };
  }, [data]);

  const body = () => {
    if (roadmap.status === 'error')
      return <ErrorNotice title={t('La feuille de route n’a pas pu être chargée', 'The roadmap could not be loaded')} message={roadmap.error} onRetry={roadmap.reload} />;
    if (!data || !totals) return <Loading label={t('Chargement de la feuille de route…', 'Loading the roadmap…')} />;
    if (totals.all === 0) {
      return (
        <p className={styles.empty} role="status">
          {filtered
            ? t('Aucun jalon stratégique ne correspond à ces filtres.', 'No strategic milestone matches these filters.')
            : t(
                'Ce plan n’a encore aucun jalon stratégique : la feuille de route se remplira dès que ses projets auront des jalons.',
                'This plan has no strategic milestone yet: the roadmap will fill in as soon as its projects have milestones.',
              )}
          {data.nonStrategic > 0 &&
            ` (${counted(t, data.nonStrategic, ['jalon non stratégique', 'jalons non stratégiques'], 'non-strategic milestone')}${t(' : non affichés ici.)', ': not shown here.)')}`}
        </p>
      );
    }
    return (
      <>
        <ul className={styles.summary} aria-label={t('Chiffres de la feuille de route', 'Roadmap figures')}>
          <li>
            <span className={styles.figure}>{counted(t, totals.all, ['jalon stratégique', 'jalons stratégiques'], 'strategic milestone')}</span>
          </li>
          <li className={totals.late > 0 ? styles.late : undefined} data-testid="roadmap-late">
            {counted(t, totals.late, ['en retard', 'en retard'], ['late', 'late'])}
          </li>
          <li>{counted(t, totals.reached, 'atteint', ['reached', 'reached'])}</li>
          <li>{counted(t, data.undated.milestones, ['sans date', 'sans date'], ['without a date', 'without a date'])}</li>
          {data.nonStrategic > 0 && (
            <li>{counted(t, data.nonStrategic, ['non stratégique non affiché', 'non stratégiques non affichés'], ['non-strategic, not shown', 'non-strategic, not shown'])}</li>
          )}
        </ul>
        <ul className={styles.legend} aria-label={t('Légende', 'Legend')}>
          <li>
            <span className={`${styles.swatch} ${styles.swatchLate}`} aria-hidden="true">!3</span>
            {t('au moins un jalon en retard', 'at least one late milestone')}
          </li>
          <li>
            <span className={`${styles.swatch} ${styles.swatchReached}`} aria-hidden="true">✓3</span>
            {t('tous atteints', 'all reached')}
          </li>
          <li>
            <span className={`${styles.swatch} ${styles.swatchOpen}`} aria-hidden="true">3</span>
            {t('à venir ou en cours', 'to come or in progress')}
          </li>
          <li>
            <span className={styles.swatchToday} aria-hidden="true" />
            {t('aujourd’hui', 'today')}
          </li>
        </ul>
        <p id="roadmap-keys" className={styles.help}>
          {zoom === 'quarter'
            ? t('Chaque pastille regroupe les jalons d’un mois, avec leur nombre.', 'Each marker gathers one month’s milestones, with their number.')
            : t('Chaque pastille regroupe les jalons d’un trimestre, avec leur nombre.', 'Each marker gathers one quarter’s milestones, with their number.')}{' '}
          {t(
            'Au clavier : Tab entre dans la frise, les flèches passent d’une pastille à l’autre, Entrée affiche ses jalons.',
            'With the keyboard: Tab enters the timeline, the arrows move between markers, Enter lists their milestones.',
          )}
        </p>
        {totals.dated > 0 ? (
          <RoadmapTimeline
            rows={data.rows}
            today={data.today}
            zoom={chartZoom}
            rowTitle={rowTitle}
            ownerOf={ownerOf}
            openKey={open?.key ?? null}
            todayRequest={todayRequest}
            onOpen={(c) => {
              opener.current = c?.key ?? null;
              setOpen(c);
            }}
          />
        ) : (
          <p className={styles.empty}>{t('Aucun de ces jalons n’a de date : ils sont listés ci-dessous.', 'None of these milestones has a date: they are listed below.')}</p>
        )}
        <div id="roadmap-details">
          {open && (
            <RoadmapDetails
              title={`${open.rowTitle} · ${open.when}`}
              items={open.items}
              ownerOf={ownerOf}
              projectHref={projectHref}
              onClose={closeDetails}
              headingRef={detailsHeading}
            />
          )}
        </div>
        {data.undated.milestones > 0 && (
          <section className={styles.section} aria-labelledby="roadmap-undated">
            <h3 id="roadmap-undated" className={styles.subheading}>
              {t('Sans date', 'No date')} ({data.undated.milestones})
            </h3>
            <RoadmapMilestoneList
              items={data.undated.items}
              ownerOf={ownerOf}
              projectHref={projectHref}
              label={t('Jalons sans date', 'Milestones without a date')}
              extra={(m) => {
                const a = (m as RoadmapMilestone & { ambitionId?: string | null }).ambitionId ?? null;
                return t(`Ambition : ${ambitionTitle(a)}`, `Ambition: ${ambitionTitle(a)}`);
              }}
            />
          </section>
        )}
      </>
    );
  };

  return (
    <section className={styles.root} aria-labelledby="roadmap-title">
      <h2 id="roadmap-title" className={styles.heading}>
        {t('Feuille de route', 'Roadmap')}
      </h2>
      <form className={styles.controls} role="search" aria-label={t('Filtrer la feuille de route', 'Filter the roadmap')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('Ambition', 'Ambition')} className={styles.field}>
          <Select value={ambition ?? ''} onChange={(_, d) => set({ ambition: d.value || undefined })}>
            <option value="">{t('Toutes les ambitions', 'All ambitions')}</option>
            {labels.ambitions.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
            {labels.hasNoAmbition && <option value={NONE}>{noAmbitionLabel(t)}</option>}
          </Select>
        </Field>
        <Field label={t('Direction (pilote ou co-pilote)', 'Direction (lead or co-lead)')} className={styles.field}>
          <Select value={direction ?? ''} onChange={(_, d) => set({ direction: d.value || undefined })}>
            <option value="">{t('Toutes les directions', 'All directions')}</option>
            {labels.directions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
            <option value={NONE}>{noDirectionLabel(t)}</option>
          </Select>
        </Field>
        <Field label={t('Échelle', 'Scale')} className={styles.field}>
          <RadioGroup layout="horizontal" value={zoom} onChange={(_, d) => set({ zoom: d.value as Zoom })}>
            <Radio value="quarter" label={t('Trimestre', 'Quarter')} />
            <Radio value="year" label={t('Année', 'Year')} />
          </RadioGroup>
        </Field>
        <div className={styles.buttons}>
          <Button appearance="secondary" onClick={() => setTodayRequest((n) => n + 1)} disabled={!data || (totals?.dated ?? 0) === 0}>
            {t('Revenir à aujourd’hui', 'Back to today')}
          </Button>
          <Button appearance="subtle" disabled={!filtered} onClick={() => onParams({ zoom: params.zoom })}>
            {t('Effacer les filtres', 'Clear the filters')}
          </Button>
        </div>
      </form>
      {body()}
    </section>
  );
}
