// The tenant's profile and settings: directions, roles, reminders, the plan shown first,
// the channels followed. One record per tenant, guarded by its etag like any other.
import { TenantSettingsView, NEW_TENANT_ETAG, SettingsRejectedError, TenantPatch, patchSettings, readSettings } from '../../plan/settings-edit.ts';
import { json, readJson, requireIfMatch } from '../http.ts';
import type { Route } from '../route.ts';
import { invalidFields } from './people.ts';

const view = (body: TenantSettingsView) =>
  json(200, body, body.etag ? { etag: `"${body.etag}"` } : {});

export const settingsRoutes: Route[] = [
  {
    name: 'settingsGet',
    methods: ['GET'],
    route: 'settings',
    doc: {
      summary: 'Le profil et les réglages de la collectivité (les valeurs par défaut et etag null tant qu’ils n’ont jamais été enregistrés)',
      tags: ['Réglages'],
      response: TenantSettingsView,
    },
    async handle({ rt, caller }) {
      return view(await readSettings(rt.store, caller.tenantId, rt.now()));
    },
  },
  {
    name: 'settingsPatch',
    methods: ['PATCH'],
    route: 'settings',
    doc: {
      summary:
        `Changer le profil et les réglages. If-Match porte l’etag lu par GET ; tant que la collectivité n’a jamais été enregistrée (etag null), envoyer If-Match: ${NEW_TENANT_ETAG}.`,
      tags: ['Réglages'],
      body: TenantPatch,
      response: TenantSettingsView,
      ifMatch: true,
    },
    async handle({ req, rt, caller, lang }) {
      const ifMatch = requireIfMatch(req);
      const patch = await readJson(req, TenantPatch);
      try {
        const saved = await patchSettings(rt.store, caller.tenantId, patch, ifMatch, rt.now());
        return view({ profile: saved.profile, settings: saved.settings, etag: saved.etag });
      } catch (e) {
        if (e instanceof SettingsRejectedError)
          throw invalidFields(
            e.issues.map((i) => ({ path: i.path, message: i.fr, messageEn: i.en })),
            lang,
          );
        throw e;
      }
    },
  },
];
