// The demo plan the local host creates on an empty tenant, so that the first screen is
// never empty: « Plan de mandat 2026-2032 », the four ambitions of a mandate, five
// directions, fourteen projects and their milestones, dated around today so that the
// dashboard shows progress, météo counts and late milestones. Created only in dev mode and
// only when the tenant has no plan at all; one commit, like an import.
import { randomUUID } from 'node:crypto';
import {
  Ambition,
  Milestone,
  MeteoDeclaration,
  Objective,
  Person,
  Plan,
  Project,
  type Direction,
  type MeteoDeclaration as MeteoDeclarationT,
} from '../plan/model.ts';
import { directionId, findDirection, loadTenant, tenantWrite } from '../plan/settings.ts';
import type { PlanStore, Write } from '../plan/store/ports.ts';
import type { Meteo, MilestoneState, Priority, ProjectPhase, ProjectStatus } from '../plan/vocab.ts';

export const DEMO_PLAN_TITLE = 'Plan de mandat 2026-2032';
/** Where the demo's people say they come from. */
export const DEMO_SOURCE = 'Plan de démonstration';

// ───────────────────────── the content ─────────────────────────

type DirectionKey = 'urba' | 'env' | 'dsi' | 'ccas' | 'culture';

const DIRECTIONS: Record<DirectionKey, { name: string; code: string; director: string }> = {
  urba: { name: 'Direction de l’aménagement et de l’urbanisme', code: 'DAU', director: 'Claire Martin' },
  env: { name: 'Direction des espaces verts et de l’environnement', code: 'DEVE', director: 'Karim Benali' },
  dsi: { name: 'Direction des systèmes d’information', code: 'DSI', director: 'Sophie Lefèvre' },
  ccas: { name: 'Direction de la solidarité et du CCAS', code: 'DSCCAS', director: 'Thomas Garnier' },
  culture: { name: 'Direction de la culture et des sports', code: 'DCS', director: 'Julie Moreau' },
};
const OTHER_PEOPLE = ['Nadia Haddad', 'Lucas Fontaine'];

/**
 * A milestone by its offset from today, in days, and how it stands:
 * reached (done on time), late (due in the past, not done), ongoing or upcoming.
 */
interface DemoMilestone {
  title: string;
  days: number;
  how: 'reached' | 'late' | 'ongoing' | 'upcoming';
  /** For late and ongoing ones: 0..1. */
  completion?: number;
  /** « En retard » said by its owner, not only by its date. */
  saidLate?: boolean;
  /** A new forecast, days from today. */
  forecastDays?: number;
}

interface DemoProject {
  title: string;
  description: string;
  direction: DirectionKey | null;
  owner: string;
  partners?: string;
  planned: number;
  funders?: Array<[string, number]>;
  startDays: number;
  endDays: number;
  status: ProjectStatus;
  phase: ProjectPhase;
  priority: Priority;
  /** The météo declared, days ago, newest last. */
  meteo?: Array<[Meteo, string, number]>;
  tags?: string[];
  milestones: DemoMilestone[];
}

interface DemoObjective {
  title: string;
  projects: DemoProject[];
}

interface DemoAmbition {
  title: string;
  description: string;
  objectives: DemoObjective[];
}

const PLAN: DemoAmbition[] = [
  {
    title: 'Une ville attractive et dynamique',
    description: 'Un centre-ville vivant, des commerces de proximité et des équipements qui donnent envie de s’installer.',
    objectives: [
      {
        title: 'Redynamiser le centre-ville et le commerce de proximité',
        projects: [
          {
            title: 'Requalification de la place du Marché',
            description: 'Piétonnisation partielle, nouveaux revêtements, halle couverte pour le marché hebdomadaire.',
            direction: 'urba',
            owner: 'Claire Martin',
            partners: 'Union des commerçants, Architecte des Bâtiments de France',
            planned: 2_400_000,
            funders: [['État (DSIL)', 600_000], ['Région', 400_000]],
            startDays: -420,
            endDays: 420,
            status: 'En cours',
            phase: 'Opération',
            priority: 'Élevée',
            meteo: [
              ['soleil', 'Avant-projet validé en conseil municipal.', 150],
              ['nuageux', 'Lot 2 (halle) infructueux : relance de la consultation, deux mois de décalage.', 12],
            ],
            tags: ['centre-ville'],
            milestones: [
              { title: 'Concertation avec les commerçants et les riverains', days: -300, how: 'reached' },
              { title: 'Validation de l’avant-projet', days: -150, how: 'reached' },
              { title: 'Attribution des marchés de travaux', days: -20, how: 'late', completion: 0.5, forecastDays: 40 },
              { title: 'Livraison de la place', days: 400, how: 'upcoming' },
            ],
          },
          {
            title: 'Opération façades du centre ancien',
            description: 'Aide communale au ravalement des façades des rues commerçantes, jusqu’à 30 % des travaux.',
            direction: 'urba',
            owner: 'Lucas Fontaine',
            planned: 350_000,
            startDays: -240,
            endDays: 500,
            status: 'En cours',
            phase: 'Opération',
            priority: 'Moyenne',
            meteo: [['soleil', '23 dossiers déposés, 14 chantiers terminés.', 20]],
            tags: ['centre-ville', 'patrimoine'],
            milestones: [
              { title: 'Vote du règlement d’attribution des aides', days: -200, how: 'reached' },
              { title: '20 premières façades rénovées', days: 60, how: 'ongoing', completion: 0.7 },
              { title: 'Bilan de la première tranche', days: 240, how: 'upcoming' },
            ],
          },
        ],
      },
      {
        title: 'Faire rayonner la ville par le sport et la culture',
        projects: [
          {
            title: 'Rénovation du complexe sportif Jean-Moulin',
            description: 'Gymnase, vestiaires et tribune remis aux normes ; toiture photovoltaïque.',
            direction: 'culture',
            owner: 'Julie Moreau',
            partners: 'Clubs résidents, Département',
            planned: 3_800_000,
            funders: [['Département', 900_000], ['Agence nationale du sport', 500_000]],
            startDays: -300,
            endDays: 760,
            status: 'En retard',
            phase: 'Étude',
            priority: 'Élevée',
            meteo: [
              ['nuageux', 'Diagnostic plus lourd qu’attendu sur la charpente.', 90],
              ['orage', 'Avant-projet à +18 % : arbitrage budgétaire attendu avant de poursuivre.', 6],
            ],
            milestones: [
              { title: 'Diagnostic technique et programme', days: -250, how: 'reached' },
              { title: 'Choix du maître d’œuvre', days: -120, how: 'reached' },
              { title: 'Avant-projet définitif', days: -45, how: 'late', completion: 0.8, saidLate: true },
              { title: 'Début des travaux', days: 210, how: 'upcoming' },
            ],
          },
        ],
      },
    ],
  },
  {
    title: 'Une ville durable et résiliente',
    description: 'Plus de nature en ville, moins d’énergie consommée, une commune prête pour les étés chauds.',
    objectives: [
      {
        title: 'Renaturer la ville et préserver la biodiversité',
        projects: [
          {
            title: 'Plan de plantation de 5 000 arbres',
            description: 'Plantations dans les rues, les cours d’école et les parcs, essences adaptées au climat futur.',
            direction: 'env',
            owner: 'Karim Benali',
            partners: 'Office national des forêts, écoles',
            planned: 900_000,
            funders: [['Région', 250_000]],
            startDays: -330,
            endDays: 1_400,
            status: 'En cours',
            phase: 'Opération',
            priority: 'Élevée',
            meteo: [['soleil', 'Saison de plantation conforme : 1 620 arbres en terre.', 15]],
            tags: ['climat', 'biodiversité'],
            milestones: [
              { title: 'Plan de plantation validé', days: -280, how: 'reached' },
              { title: '1 500 arbres plantés', days: -60, how: 'reached' },
              { title: '3 000 arbres plantés', days: 300, how: 'upcoming' },
            ],
          },
          {
            title: 'Désimperméabilisation des cours d’école (cours Oasis)',
            description: 'Trois cours d’école débitumées, végétalisées et ouvertes au quartier le week-end.',
            direction: 'env',
            owner: 'Karim Benali',
            planned: 750_000,
            funders: [['Agence de l’eau', 300_000]],
            startDays: -200,
            endDays: 260,
            status: 'En cours',
            phase: 'Opération',
            priority: 'Moyenne',
            meteo: [['nuageux', 'Cour Jean-Jaurès : livraison des végétaux décalée à la rentrée.', 9]],
            tags: ['climat', 'écoles'],
            milestones: [
              { title: 'Cour de l’école Pasteur livrée', days: -100, how: 'reached' },
              { title: 'Cour de l’école Jean-Jaurès livrée', days: -10, how: 'late', completion: 0.7 },
              { title: 'Cour de l’école Victor-Hugo livrée', days: 200, how: 'upcoming' },
            ],
          },
        ],
      },
      {
        title: 'Réduire les consommations d’énergie du patrimoine communal',
        projects: [
          {
            title: 'Rénovation énergétique de l’école Jules-Ferry',
            description: 'Isolation par l’extérieur, menuiseries et raccordement au réseau de chaleur : −50 % de consommation visés.',
            direction: 'urba',
            owner: 'Claire Martin',
            planned: 1_600_000,
            funders: [['État (DSIL)', 480_000], ['Fonds vert', 320_000]],
            startDays: -360,
            endDays: 360,
            status: 'Bloqué',
            phase: 'Étude',
            priority: 'Élevée',
            meteo: [
              ['soleil', 'Audit rendu, plan de financement bouclé sur le papier.', 200],
              ['orage', 'Subvention DSIL toujours pas notifiée : les travaux d’été ne pourront pas démarrer.', 4],
            ],
            tags: ['climat', 'écoles'],
            milestones: [
              { title: 'Audit énergétique', days: -330, how: 'reached' },
              { title: 'Dépôt du dossier de subvention', days: -180, how: 'reached' },
              { title: 'Notification de la subvention', days: -30, how: 'late', completion: 0 },
              { title: 'Réception des travaux', days: 330, how: 'upcoming' },
            ],
          },
          {
            title: 'Éclairage public : passage en LED et extinction nocturne',
            description: '2 000 points lumineux remplacés, extinction de 1 h à 5 h hors axes principaux.',
            direction: 'env',
            owner: 'Lucas Fontaine',
            planned: 1_100_000,
            funders: [['Syndicat d’énergie', 350_000]],
            startDays: -540,
            endDays: -80,
            status: 'Terminé',
            phase: 'Opération',
            priority: 'Moyenne',
            meteo: [['soleil', 'Terminé : −62 % sur la facture d’éclairage public.', 75]],
            tags: ['climat'],
            milestones: [
              { title: 'Remplacement des 2 000 points lumineux', days: -200, how: 'reached' },
              { title: 'Extinction nocturne en place', days: -90, how: 'reached' },
            ],
          },
        ],
      },
    ],
  },
  {
    title: 'Une ville connectée et participative',
    description: 'Des démarches simples en ligne, et des habitants associés aux décisions qui les concernent.',
    objectives: [
      {
        title: 'Simplifier les démarches en ligne',
        projects: [
          {
            title: 'Portail citoyen et démarches en ligne',
            description: 'Un compte unique pour l’état civil, les inscriptions scolaires, les réservations de salles et l’urbanisme.',
            direction: 'dsi',
            owner: 'Sophie Lefèvre',
            planned: 420_000,
            startDays: -240,
            endDays: 200,
            status: 'En cours',
            phase: 'Opération',
            priority: 'Élevée',
            meteo: [['nuageux', 'Reprise des données de l’ancien téléservice plus longue que prévu.', 10]],
            tags: ['numérique'],
            milestones: [
              { title: 'Choix de la solution', days: -210, how: 'reached' },
              { title: 'Ouverture des démarches d’état civil', days: -40, how: 'reached' },
              { title: 'Inscriptions scolaires en ligne', days: 25, how: 'ongoing', completion: 0.4, forecastDays: 45 },
              { title: 'Saisine par voie électronique en urbanisme', days: 180, how: 'upcoming' },
            ],
          },
          {
            title: 'Wifi public dans les équipements municipaux',
            description: 'Accès gratuit dans les médiathèques, la mairie et les maisons de quartier.',
            direction: 'dsi',
            owner: 'Sophie Lefèvre',
            planned: 120_000,
            startDays: 10,
            endDays: 300,
            status: 'À venir',
            phase: 'Étude',
            priority: 'Faible',
            tags: ['numérique'],
            milestones: [
              { title: 'Recensement des équipements et des besoins', days: 30, how: 'ongoing', completion: 0.3 },
              { title: 'Déploiement dans les médiathèques', days: 150, how: 'upcoming' },
            ],
          },
        ],
      },
      {
        title: 'Associer les habitants aux décisions',
        projects: [
          {
            title: 'Budget participatif',
            description: '5 % du budget d’investissement décidé par les habitants : dépôt, étude de faisabilité, vote, réalisation.',
            direction: null,
            owner: 'Nadia Haddad',
            partners: 'Conseils de quartier',
            planned: 500_000,
            startDays: -180,
            endDays: 330,
            status: 'En cours',
            phase: 'Opération',
            priority: 'Moyenne',
            meteo: [['soleil', '2 140 votants, 12 projets lauréats.', 14]],
            tags: ['participation'],
            milestones: [
              { title: 'Dépôt des projets par les habitants', days: -120, how: 'reached' },
              { title: 'Vote des habitants', days: -20, how: 'reached' },
              { title: 'Réalisation des projets lauréats', days: 270, how: 'upcoming' },
            ],
          },
        ],
      },
    ],
  },
  {
    title: 'Une ville solidaire et inclusive',
    description: 'Personne laissé de côté : précarité, isolement, handicap, accès au sport et à la culture.',
    objectives: [
      {
        title: 'Lutter contre l’isolement et la précarité',
        projects: [
          {
            title: 'Ouverture d’une épicerie solidaire',
            description: 'Produits à 10–30 % du prix, ateliers cuisine et accompagnement budgétaire.',
            direction: 'ccas',
            owner: 'Thomas Garnier',
            partners: 'Banque alimentaire, association gestionnaire',
            planned: 180_000,
            funders: [['Département', 60_000]],
            startDays: -190,
            endDays: 60,
            status: 'En cours',
            phase: 'Opération',
            priority: 'Élevée',
            meteo: [['soleil', 'Local aménagé, bénévoles formés.', 7]],
            tags: ['solidarité'],
            milestones: [
              { title: 'Convention avec l’association gestionnaire', days: -160, how: 'reached' },
              { title: 'Aménagement du local', days: 15, how: 'ongoing', completion: 0.8 },
              { title: 'Ouverture au public', days: 45, how: 'upcoming' },
            ],
          },
          {
            title: 'Plan de lutte contre l’isolement des seniors',
            description: 'Registre des personnes vulnérables, visites à domicile, appels de convivialité en période de canicule.',
            direction: 'ccas',
            owner: 'Thomas Garnier',
            planned: 95_000,
            startDays: -150,
            endDays: 200,
            status: 'En retard',
            phase: 'Opération',
            priority: 'Élevée',
            meteo: [['nuageux', 'Le recrutement des deux médiateurs n’a pas abouti : nouvelle annonce publiée.', 18]],
            tags: ['solidarité', 'seniors'],
            milestones: [
              { title: 'Registre des personnes vulnérables mis à jour', days: -130, how: 'reached' },
              { title: 'Recrutement de deux médiateurs', days: -50, how: 'late', completion: 0.5, saidLate: true },
              { title: 'Lancement des visites à domicile', days: -8, how: 'late', completion: 0 },
            ],
          },
        ],
      },
      {
        title: 'Rendre la ville accessible à tous',
        projects: [
          {
            title: 'Mise en accessibilité des bâtiments communaux',
            description: 'Agenda d’accessibilité programmée : mairie, écoles, salle des fêtes.',
            direction: 'urba',
            owner: 'Lucas Fontaine',
            planned: 1_250_000,
            startDays: -400,
            endDays: 700,
            status: 'En cours',
            phase: 'Opération',
            priority: 'Moyenne',
            tags: ['handicap'],
            milestones: [
              { title: 'Mairie accessible', days: -220, how: 'reached' },
              { title: 'Groupe scolaire Pasteur accessible', days: 90, how: 'ongoing', completion: 0.5 },
              { title: 'Salle des fêtes accessible', days: 330, how: 'upcoming' },
            ],
          },
          {
            title: 'Pass’Sport et Culture pour les 11-18 ans',
            description: '50 € par jeune pour une licence sportive ou une inscription au conservatoire, sous condition de ressources.',
            direction: 'culture',
            owner: 'Julie Moreau',
            planned: 60_000,
            startDays: 20,
            endDays: 380,
            status: 'À venir',
            phase: 'Idée',
            priority: 'Faible',
            tags: ['jeunesse'],
            milestones: [
              { title: 'Délibération sur les conditions d’attribution', days: 20, how: 'upcoming' },
              { title: 'Première distribution des pass', days: 110, how: 'upcoming' },
            ],
          },
        ],
      },
    ],
  },
];

// ───────────────────────── seeding ─────────────────────────

/** `day` moved by `days` days (YYYY-MM-DD, calendar arithmetic in UTC). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface SeededDemo {
  planId: string;
  title: string;
  projects: number;
  milestones: number;
}

/**
 * Creates the demo plan when the tenant has no plan at all; otherwise does nothing and
 * answers null. `today` (YYYY-MM-DD) dates the milestones: some reached, some late, some
 * to come. The directions are added to the tenant's settings (those already there, by
 * name, are reused) and the plan becomes its default plan.
 */
/** The demo person the local dev user is (see seedDemoIfEmpty's youEmail). */
export const DEMO_YOU = 'Claire Martin';

export async function seedDemoIfEmpty(
  store: PlanStore,
  tenantId: string,
  today: string,
  now: Date = new Date(),
  /** The local user's e-mail (JALON_DEV_USER): given to Claire Martin, so that « Mon travail » shows her projects. */
  youEmail: string | null = null,
): Promise<SeededDemo | null> {
  const existing = await store.listPlans(tenantId, { limit: 1 });
  if (existing.items.length > 0) return null;

  const at = now.toISOString();
  const day = (days: number) => addDays(today, days);
  const planId = randomUUID();
  const base = { tenantId, planId, etag: '', createdAt: at, updatedAt: at, key: null };
  const writes: Write[] = [];

  // People: the directors and a few project owners.
  const people = new Map<string, string>();
  for (const name of [...Object.values(DIRECTIONS).map((d) => d.director), ...OTHER_PEOPLE]) {
    const person = Person.parse({
      id: randomUUID(),
      tenantId,
      etag: '',
      createdAt: at,
      updatedAt: at,
      displayName: name,
      email: name === DEMO_YOU && youEmail && youEmail.includes('@') ? youEmail.toLowerCase() : null,
      entraObjectId: null,
      teamsUserId: null,
      source: DEMO_SOURCE,
      linkedAt: null,
    });
    people.set(name, person.id);
    writes.push({ op: 'create', kind: 'person', item: person });
  }

  // The tenant: the five directions, and this plan as its default.
  const tenant = await loadTenant(store, tenantId, at);
  const directionIds = {} as Record<DirectionKey, string>;
  for (const [key, d] of Object.entries(DIRECTIONS) as Array<[DirectionKey, (typeof DIRECTIONS)[DirectionKey]]>) {
    const found = findDirection(tenant.settings, d.name) ?? findDirection(tenant.settings, d.code);
    if (found) {
      directionIds[key] = found.id;
      continue;
    }
    let id = directionId(d.name);
    while (tenant.settings.directions.some((x) => x.id === id)) id += '-2';
    const direction: Direction = { id, name: d.name, code: d.code, directorIds: [people.get(d.director)!] };
    tenant.settings.directions.push(direction);
    directionIds[key] = id;
  }
  // No plan exists: whatever the default plan said, it named nothing.
  tenant.settings.defaultPlanId = planId;
  writes.unshift(tenantWrite({ ...tenant, updatedAt: at }));

  writes.push({
    op: 'create',
    kind: 'plan',
    item: Plan.parse({
      id: planId,
      tenantId,
      etag: '',
      createdAt: at,
      updatedAt: at,
      title: DEMO_PLAN_TITLE,
      description:
        'Plan de démonstration créé par Jalon sur une collectivité vide : modifiez-le, ou importez votre propre plan (npm run import).',
    }),
  });

  let objectiveOrder = 0;
  let projectOrder = 0;
  let milestoneOrder = 0;
  let projectCount = 0;
  let milestoneCount = 0;
  PLAN.forEach((a, ambitionOrder) => {
    const ambition = Ambition.parse({ ...base, id: randomUUID(), order: ambitionOrder, title: a.title, description: a.description });
    writes.push({ op: 'create', kind: 'ambition', item: ambition });
    for (const o of a.objectives) {
      const objective = Objective.parse({ ...base, id: randomUUID(), order: objectiveOrder++, ambitionId: ambition.id, title: o.title });
      writes.push({ op: 'create', kind: 'objective', item: objective });
      for (const p of o.projects) {
        const ownerId = people.get(p.owner) ?? null;
        const declarations: MeteoDeclarationT[] = (p.meteo ?? []).map(([value, comment, daysAgo]) =>
          MeteoDeclaration.parse({ value, comment, date: day(-daysAgo), byId: ownerId }),
        );
        const project = Project.parse({
          ...base,
          id: randomUUID(),
          order: projectOrder++,
          ambitionId: ambition.id,
          objectiveId: objective.id,
          title: p.title,
          description: p.description,
          leadDirectionId: p.direction ? directionIds[p.direction] : null,
          ownerId,
          partners: p.partners ?? '',
          budget: { planned: p.planned, funders: (p.funders ?? []).map(([name, amount]) => ({ name, amount })) },
          startDate: day(p.startDays),
          endDate: day(p.endDays),
          status: p.status,
          phase: p.phase,
          priority: p.priority,
          meteo: declarations[declarations.length - 1] ?? null,
          meteoHistory: declarations,
          tags: p.tags ?? [],
        });
        writes.push({ op: 'create', kind: 'project', item: project });
        projectCount++;
        for (const m of p.milestones) {
          writes.push({ op: 'create', kind: 'milestone', item: demoMilestone(m, { ...base, order: milestoneOrder++, projectId: project.id, ownerId }, day, at) });
          milestoneCount++;
        }
      }
    }
  });

  await store.commit(tenantId, writes);
  return { planId, title: DEMO_PLAN_TITLE, projects: projectCount, milestones: milestoneCount };
}

function demoMilestone(
  m: DemoMilestone,
  fields: Record<string, unknown>,
  day: (days: number) => string,
  at: string,
): Milestone {
  const reached = m.how === 'reached';
  const state: MilestoneState = reached ? 'Atteint' : m.saidLate ? 'En retard' : m.how === 'upcoming' ? 'À venir' : 'En cours';
  return Milestone.parse({
    ...fields,
    id: randomUUID(),
    title: m.title,
    baselineDate: day(m.days),
    forecastDate: m.forecastDays === undefined ? null : day(m.forecastDays),
    actualDate: reached ? day(m.days) : null,
    state,
    completion: reached ? 1 : (m.completion ?? 0),
    lastUpdate: reached || m.how !== 'upcoming' ? { byId: fields.ownerId ?? null, at, comment: '' } : null,
  });
}
