// A city-scale plan in the Territoires en Transitions template, generated for the benchmark:
// 3,000 actions (projects) under 6 axes × 5 sous-axes, each followed by its 10 sub-actions
// (milestones), 33,000 data rows in all. Deterministic (seeded), written with exceljs's
// streaming writer so that generating it takes seconds, not minutes.
//
// The layout is the template's as found in real files (the Contrat Local de Santé in
// shared/data/real): the plan's title in A1, the headers on row 2, the « Champ texte… »
// hints on row 3, data from row 4. Dates are real Excel dates (a serial with a date
// format), budgets are numbers.
import ExcelJS from 'exceljs';

export const CITY = { axes: 6, sousAxesPerAxe: 5, actions: 3000, subActionsPerAction: 10 } as const;
export const CITY_PROJECTS = CITY.actions;
export const CITY_MILESTONES = CITY.actions * CITY.subActionsPerAction;
/** Data rows: one per action, one per sub-action (title, header and hint rows not counted). */
export const CITY_ROWS = CITY_PROJECTS + CITY_MILESTONES;

/** The template's headers, in its order, spelled as in the real files (trailing spaces included). */
const HEADERS = [
  'Axe (x)',
  'Sous-axe (x.x)',
  'Sous-sous axe (x.x.x)',
  "Titre de l'action",
  'Titre de la sous-action',
  'Descriptif',
  'Instances de gouvernance',
  'Objectifs',
  'Indicateurs liés',
  'Structure pilote',
  'Moyens humains et techniques',
  'Partenaires ',
  'Direction ou service pilote',
  'Personne pilote',
  'Élu·e référent·e ',
  'Participation Citoyenne',
  'Financements',
  'Financeur 1',
  'Montant € HT',
  'Financeur 2',
  'Montant € HT',
  'Financeur 3',
  'Montant € HT',
  'Budget prévisionnel total € HT',
  'Statut ',
  'Niveau de priorité',
  'Date de début',
  'Date de fin',
  'Action en amélioration continue',
  'Calendrier',
  'Actions liées',
  'Fiches des plans liées',
  'Notes de suivi',
  'Etapes de la fiche action',
  'Notes complémentaires',
  'Documents et liens',
] as const;

const HINTS: Partial<Record<(typeof HEADERS)[number], string>> = {
  'Axe (x)': 'Champ texte',
  'Sous-axe (x.x)': 'Champ texte',
  'Sous-sous axe (x.x.x)': 'Champ texte',
  "Titre de l'action": 'Champ texte',
  Descriptif: 'Champ texte',
  'Direction ou service pilote': 'Champ texte\n(séparateur virgule)',
  'Personne pilote': 'Champ texte 🟢 Clé pour le pilotage\n(séparateur virgule)',
  'Élu·e référent·e ': 'Champ texte 🟢 Clé pour le pilotage\n(séparateur virgule)',
  'Budget prévisionnel total € HT': 'Champ numérique',
  'Statut ': 'Champ liste déroulante 🟢 Clé pour le pilotage\n(choix prédéfinis)',
  'Niveau de priorité': 'Champ liste déroulante 🟢 Clé pour le pilotage\n(choix prédéfinis)',
  'Date de début': 'Champ date',
  'Date de fin': 'Champ date',
};

/** 1-based column of a header (the first one: « Montant € HT » repeats). */
const col = (header: (typeof HEADERS)[number]) => HEADERS.indexOf(header) + 1;
const C = {
  axe: col('Axe (x)'),
  sousAxe: col('Sous-axe (x.x)'),
  action: col("Titre de l'action"),
  subAction: col('Titre de la sous-action'),
  description: col('Descriptif'),
  direction: col('Direction ou service pilote'),
  pilot: col('Personne pilote'),
  elu: col('Élu·e référent·e '),
  budget: col('Budget prévisionnel total € HT'),
  status: col('Statut '),
  priority: col('Niveau de priorité'),
  start: col('Date de début'),
  end: col('Date de fin'),
};

const AXES = [
  'Axe 1. Mobilités décarbonées et apaisées',
  'Axe 2. Sobriété et rénovation énergétique du bâti',
  'Axe 3. Nature en ville et biodiversité',
  'Axe 4. Économie circulaire et réduction des déchets',
  'Axe 5. Alimentation durable et agriculture urbaine',
  'Axe 6. Solidarités, santé et adaptation au changement climatique',
];
const SOUS_AXES = [
  'Planifier et coordonner',
  'Accompagner les habitants',
  'Transformer le patrimoine de la collectivité',
  'Mobiliser les acteurs économiques',
  'Mesurer et évaluer',
];
const VERBS = ['Déployer', 'Créer', 'Renforcer', 'Expérimenter', 'Généraliser', 'Structurer', 'Animer', 'Financer', 'Étendre', 'Sensibiliser à'];
const OBJECTS = [
  'les pistes cyclables sécurisées',
  'un réseau de chaleur urbain',
  'les jardins partagés',
  'la collecte des biodéchets',
  'les cantines en circuit court',
  'les îlots de fraîcheur dans les écoles',
  'la rénovation des logements sociaux',
  'un service d’autopartage',
  'les toitures photovoltaïques',
  'la végétalisation des cours d’école',
  'les ressourceries de quartier',
  'le plan piéton',
  'un fonds de transition pour les commerces',
  'les achats publics responsables',
  'la gestion différenciée des espaces verts',
];
const STEPS = [
  'Cadrage et note d’opportunité',
  'Constitution du comité de pilotage',
  'Diagnostic partagé',
  'Concertation des habitants',
  'Rédaction du cahier des charges',
  'Consultation des entreprises',
  'Délibération du conseil municipal',
  'Lancement des travaux',
  'Réception et mise en service',
  'Bilan et évaluation',
];
const DIRECTIONS = [
  'Direction de la Voirie et des Déplacements',
  'Direction des Espaces Verts et de l’Environnement',
  'Direction du Patrimoine et de l’Architecture',
  'Direction de la Propreté et de l’Eau',
  'Direction de l’Urbanisme',
  'Direction du Logement et de l’Habitat',
  'Direction des Affaires Scolaires',
  'Direction de l’Action Sociale',
  'Direction de la Santé Publique',
  'Direction des Finances et des Achats',
  'Direction de la Transition Écologique',
  'Direction de l’Attractivité et de l’Emploi',
  'Direction de la Culture',
  'Direction de la Jeunesse et des Sports',
  'Direction des Systèmes d’Information',
  'Direction de la Démocratie Citoyenne',
  'Direction de la Prévention et de la Sécurité',
  'Direction des Ressources Humaines',
  'Direction de l’Immobilier et de la Logistique',
  'Direction de la Communication',
];
const GIVEN = ['Claire', 'Hugo', 'Lucie', 'Mehdi', 'Sophie', 'Julien', 'Nadia', 'Thomas', 'Élodie', 'Karim', 'Camille', 'Antoine', 'Fatou', 'Jean-Pierre', 'Inès', 'Olivier', 'Léa', 'Yannick', 'Amina', 'Benoît'];
const FAMILY = ['MARTIN', 'BERNARD', 'DUBOIS', 'LEFÈVRE', 'MOREAU', 'N’DIAYE', 'GARCIA', 'ROUSSEAU', 'FONTAINE', 'CHEVALIER'];
/** 200 distinct « Prénom NOM ». */
const PEOPLE = GIVEN.flatMap((g) => FAMILY.map((f) => `${g} ${f}`));
/** As the template's drop-down list spells them. */
const STATUSES = ['À venir', 'En cours', 'En cours', 'En cours', 'Réalisé', 'En pause', 'En retard', 'À discuter', 'Bloqué', 'Abandonné'];
const PRIORITIES = ['Élevé', 'Moyen', 'Bas'];

/** mulberry32: a small seeded generator, so that every run benchmarks the same file. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DATE_FORMAT = 'dd/mm/yyyy';
const day = (year: number, month: number, d: number) => new Date(Date.UTC(year, month, d));

/** Writes the plan to `filename` (.xlsx). */
export async function writeCityPlan(filename: string): Promise<void> {
  const rnd = random(20_250_601);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet("Fichier d'import");
  sheet.addRow(['Plan Climat Air Énergie Territorial 2025-2030 — Ville de Banc-d’Essai']).commit();
  sheet.addRow([...HEADERS]).commit();
  sheet.addRow(HEADERS.map((h) => HINTS[h] ?? null)).commit();

  const actionsPerSousAxe = CITY.actions / (CITY.axes * CITY.sousAxesPerAxe);
  let n = 0;
  for (let a = 0; a < CITY.axes; a++) {
    const axe = AXES[a]!;
    for (let s = 0; s < CITY.sousAxesPerAxe; s++) {
      const sousAxe = `${a + 1}.${s + 1} ${SOUS_AXES[s]!}`;
      for (let i = 0; i < actionsPerSousAxe; i++, n++) {
        const title = `Action ${a + 1}.${s + 1}.${i + 1}. ${pick(VERBS)} ${pick(OBJECTS)}`;
        const start = day(2025 + Math.floor(rnd() * 3), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28));
        const years = 1 + Math.floor(rnd() * 4);
        const end = day(start.getUTCFullYear() + years, start.getUTCMonth(), start.getUTCDate());
        const pilots = rnd() < 0.2 ? `${pick(PEOPLE)}, ${pick(PEOPLE)}` : pick(PEOPLE);
        const directions = rnd() < 0.15 ? `${pick(DIRECTIONS)}, ${pick(DIRECTIONS)}` : pick(DIRECTIONS);

        const values: unknown[] = [];
        values[C.axe] = axe;
        values[C.sousAxe] = sousAxe;
        values[C.action] = title;
        values[C.description] =
          `${title.replace(/^Action [\d.]+ /, '')} sur l’ensemble du territoire, en lien avec les partenaires ` +
          `du plan et avec un suivi annuel des indicateurs devant le comité de pilotage (fiche n° ${n + 1}).`;
        values[C.direction] = directions;
        values[C.pilot] = pilots;
        values[C.elu] = pick(PEOPLE);
        values[C.budget] = Math.round(rnd() * 400) * 5_000;
        values[C.status] = pick(STATUSES);
        values[C.priority] = pick(PRIORITIES);
        values[C.start] = start;
        values[C.end] = end;
        addDataRow(sheet, values);

        for (let k = 0; k < CITY.subActionsPerAction; k++) {
          const due = new Date(start.getTime() + ((end.getTime() - start.getTime()) * (k + 1)) / CITY.subActionsPerAction);
          const sub: unknown[] = [];
          sub[C.axe] = axe;
          sub[C.sousAxe] = sousAxe;
          sub[C.action] = title;
          sub[C.subAction] = `Étape ${k + 1}. ${STEPS[k % STEPS.length]!}`;
          sub[C.pilot] = pick(PEOPLE);
          sub[C.status] = pick(STATUSES);
          sub[C.end] = day(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate());
          addDataRow(sheet, sub);
        }
      }
    }
  }
  sheet.commit();
  await workbook.commit();
}

function addDataRow(sheet: ExcelJS.Worksheet, values: unknown[]): void {
  const row = sheet.addRow(values);
  for (const c of [C.start, C.end]) {
    if (values[c] instanceof Date) row.getCell(c).numFmt = DATE_FORMAT;
  }
  row.commit();
}
