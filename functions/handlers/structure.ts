// The plan's structure: ambitions (axes) and objectives (sub-axes, sub-objectives and
// programmes). Lists are paged; every change names the version it read (If-Match); a
// delete is refused (409) while something still hangs on the record.
import {
  AmbitionCreateBody,
  AmbitionPatchBody,
  createAmbition,
  createObjective,
  deleteAmbition,
  deleteObjective,
  ObjectiveCreateBody,
  ObjectivePatchBody,
  updateAmbition,
  updateObjective,
} from '../../plan/editing.ts';
import { Ambition, Objective } from '../../plan/model.ts';
import { NotFoundError } from '../../plan/store/errors.ts';
import { pageOptions, requireIfMatch, withEtag } from '../http.ts';
import type { HandlerInput, Route } from '../route.ts';
import { created, edit, editContext, listAnswer, noContent, PageOf, readBody, requirePlan } from './plans.ts';

const TAGS = ['Structure'];
const param = (input: HandlerInput, name: string) => input.params[name] ?? '';

async function getOwned<K extends 'ambition' | 'objective'>(input: HandlerInput, kind: K, id: string) {
  const record = await input.rt.store.get(input.caller.tenantId, kind, id);
  if (!record) throw new NotFoundError(kind, id);
  return record;
}

export const structureRoutes: Route[] = [
  // ── ambitions ──
  {
    name: 'ambitionsList',
    methods: ['GET'],
    route: 'plans/{planId}/ambitions',
    doc: { summary: 'Les ambitions (axes) d’un plan, dans leur ordre', tags: TAGS, paged: true, response: PageOf(Ambition) },
    async handle(input) {
      const plan = await requirePlan(input, param(input, 'planId'));
      return listAnswer(await input.rt.store.listInPlan(input.caller.tenantId, 'ambition', plan.id, pageOptions(input.req)));
    },
  },
  {
    name: 'ambitionsCreate',
    methods: ['POST'],
    route: 'plans/{planId}/ambitions',
    doc: { summary: 'Ajoute une ambition au plan (en dernier, sauf `order`)', tags: TAGS, body: AmbitionCreateBody, response: Ambition, successStatus: 201 },
    async handle(input) {
      const body = await readBody(input.req, AmbitionCreateBody, input.lang);
      const ambition = await edit(input.lang, () => createAmbition(editContext(input), param(input, 'planId'), body));
      return created(ambition, `ambitions/${ambition.id}`);
    },
  },
  {
    name: 'ambitionGet',
    methods: ['GET'],
    route: 'ambitions/{ambitionId}',
    doc: { summary: 'Une ambition', tags: TAGS, response: Ambition },
    async handle(input) {
      return withEtag(200, await getOwned(input, 'ambition', param(input, 'ambitionId')));
    },
  },
  {
    name: 'ambitionUpdate',
    methods: ['PATCH'],
    route: 'ambitions/{ambitionId}',
    doc: { summary: 'Modifie une ambition', tags: TAGS, body: AmbitionPatchBody, response: Ambition, ifMatch: true },
    async handle(input) {
      const ifMatch = requireIfMatch(input.req);
      const body = await readBody(input.req, AmbitionPatchBody, input.lang);
      return withEtag(200, await edit(input.lang, () => updateAmbition(editContext(input), param(input, 'ambitionId'), ifMatch, body)));
    },
  },
  {
    name: 'ambitionDelete',
    methods: ['DELETE'],
    route: 'ambitions/{ambitionId}',
    doc: {
      summary: 'Supprime une ambition ; refusé (409) tant que des objectifs ou des projets y sont rattachés',
      tags: TAGS,
      ifMatch: true,
      successStatus: 204,
    },
    async handle(input) {
      const ifMatch = requireIfMatch(input.req);
      await edit(input.lang, () => deleteAmbition(editContext(input), param(input, 'ambitionId'), ifMatch));
      return noContent();
    },
  },
  // ── objectives ──
  {
    name: 'objectivesList',
    methods: ['GET'],
    route: 'plans/{planId}/objectives',
    doc: {
      summary: 'Les objectifs d’un plan, sous-objectifs et programmes compris, dans leur ordre',
      tags: TAGS,
      paged: true,
      response: PageOf(Objective),
    },
    async handle(input) {
      const plan = await requirePlan(input, param(input, 'planId'));
      return listAnswer(await input.rt.store.listInPlan(input.caller.tenantId, 'objective', plan.id, pageOptions(input.req)));
    },
  },
  {
    name: 'objectivesCreate',
    methods: ['POST'],
    route: 'plans/{planId}/objectives',
    doc: {
      summary: 'Ajoute un objectif ; sous un parent (`parentId`), il prend l’ambition du parent',
      tags: TAGS,
      body: ObjectiveCreateBody,
      response: Objective,
      successStatus: 201,
    },
    async handle(input) {
      const body = await readBody(input.req, ObjectiveCreateBody, input.lang);
      const objective = await edit(input.lang, () => createObjective(editContext(input), param(input, 'planId'), body));
      return created(objective, `objectives/${objective.id}`);
    },
  },
  {
    name: 'objectiveGet',
    methods: ['GET'],
    route: 'objectives/{objectiveId}',
    doc: { summary: 'Un objectif', tags: TAGS, response: Objective },
    async handle(input) {
      return withEtag(200, await getOwned(input, 'objective', param(input, 'objectiveId')));
    },
  },
  {
    name: 'objectiveUpdate',
    methods: ['PATCH'],
    route: 'objectives/{objectiveId}',
    doc: {
      summary: 'Modifie un objectif ; le changer d’ambition y emmène ses sous-objectifs et leurs projets',
      tags: TAGS,
      body: ObjectivePatchBody,
      response: Objective,
      ifMatch: true,
    },
    async handle(input) {
      const ifMatch = requireIfMatch(input.req);
      const body = await readBody(input.req, ObjectivePatchBody, input.lang);
      return withEtag(200, await edit(input.lang, () => updateObjective(editContext(input), param(input, 'objectiveId'), ifMatch, body)));
    },
  },
  {
    name: 'objectiveDelete',
    methods: ['DELETE'],
    route: 'objectives/{objectiveId}',
    doc: {
      summary: 'Supprime un objectif ; refusé (409) tant que des sous-objectifs, des projets ou des jalons y sont rattachés',
      tags: TAGS,
      ifMatch: true,
      successStatus: 204,
    },
    async handle(input) {
      const ifMatch = requireIfMatch(input.req);
      await edit(input.lang, () => deleteObjective(editContext(input), param(input, 'objectiveId'), ifMatch));
      return noContent();
    },
  },
];
