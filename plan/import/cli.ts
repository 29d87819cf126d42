// npm run import -- <file> [--plan "title" | --into <planId>] [--profile name|file.json] [--dry-run] [--json] [--changes]
// Local mode: acts in the tenant JALON_DEV_TENANT (default `local`), in the store under DATA_DIR.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore } from '../store/index.ts';
import { ConflictError, NotFoundError, StoreConfigError, StoreUnavailableError } from '../store/errors.ts';
import { importPlan, type ImportOutcome } from './index.ts';
import type { ImportIssue } from './issues.ts';

const USAGE = `Usage : npm run import -- <fichier.xlsx|.csv> [--plan "Titre"] [--into <planId>] [--profile nom|profil.json] [--dry-run] [--json] [--changes]

  --plan     titre du nouveau plan (par défaut, celui du fichier)
  --into     réimporte dans le plan existant <planId>
  --profile  profil de colonnes : nom d'un profil fourni (budget-participatif-paris) ou fichier JSON (docs/import.md)
  --dry-run  aperçu : liste chaque changement, n'enregistre rien
  --json     affiche le résultat en JSON { planId, dryRun, format, ambitions, objectives, projects, milestones, warnings, errors, summary }
  --changes  avec --json, ajoute la liste détaillée des changements (sans --json, l’aperçu les liste déjà)`;

/** node:util's parseArgs speaks English: its usual complaints, said in French. */
function argumentError(e: Error): string {
  const code = (e as { code?: string }).code;
  const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Option inconnue : ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `Valeur manquante ou invalide pour l’option ${option}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'Argument en trop.';
  return `Arguments invalides : ${e.message}`;
}

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        plan: { type: 'string' },
        into: { type: 'string' },
        profile: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        changes: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    fail(`${argumentError(e as Error)}\n\n${USAGE}`);
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) fail(`Indiquez le fichier à importer.\n\n${USAGE}`);
  if (positionals.length > 1) fail(`Un seul fichier à la fois (reçu : ${positionals.join(', ')}).\n\n${USAGE}`);
  if (values.plan !== undefined && values.plan.trim() === '') fail('--plan : le titre du plan ne doit pas être vide.');
  if (values.plan && values.into) fail('--plan et --into ne vont pas ensemble : --into réimporte dans un plan qui a déjà son titre.');
  const file = positionals[0]!;
  if (!existsSync(file)) fail(`Fichier introuvable : ${file}`);
  if (!statSync(file).isFile()) fail(`« ${file} » n’est pas un fichier (un dossier ?).`);
  let profile: string | undefined = values.profile;
  if (profile && (profile.endsWith('.json') || existsSync(profile))) {
    if (!existsSync(profile)) fail(`Profil introuvable : ${profile}`);
    profile = readFileSync(profile, 'utf8');
  }

  const tenantId = process.env.JALON_DEV_TENANT || 'local';
  let store;
  try {
    store = openStore(process.env);
  } catch (e) {
    if (e instanceof StoreConfigError) fail(e.message);
    throw e;
  }
  let result: ImportOutcome;
  try {
    result = await importPlan(store, {
      tenantId,
      bytes: readFileSync(file),
      fileName: file,
      planTitle: values.plan?.trim() ?? null,
      intoPlanId: values.into ?? null,
      profile: profile ?? null,
      dryRun: values['dry-run'],
    });
  } catch (e) {
    if (e instanceof NotFoundError) fail(`Plan introuvable dans la collectivité « ${tenantId} » : ${values.into}`, 1);
    if (e instanceof ConflictError)
      fail('Le plan a été modifié pendant l’import : rien n’a été enregistré, relancez l’import.', 1);
    if (e instanceof StoreConfigError) fail(e.message);
    if (e instanceof StoreUnavailableError) fail(`${e.message} Rien n’a été enregistré.`, 1);
    throw e;
  } finally {
    await store.close();
  }

  if (values.json) {
    const { changes, ...rest } = result;
    process.stdout.write(`${JSON.stringify(values.changes ? result : rest)}\n`);
  } else {
    process.stdout.write(report(result));
  }
  return result.errors.length > 0 ? 1 : 0;
}

const KIND_FR: Record<string, string> = {
  plan: 'plan',
  ambition: 'ambition',
  objective: 'objectif',
  project: 'projet',
  milestone: 'jalon',
};

const line = (i: ImportIssue) => `  - ${i.message}\n`;

function report(r: ImportOutcome): string {
  let out = '';
  if (r.errors.length > 0) {
    out += `Fichier refusé : ${r.errors.length} erreur(s), rien n’a été enregistré.\n`;
    out += r.errors.map(line).join('');
  } else {
    out += r.dryRun ? 'Aperçu (rien n’est enregistré)\n' : `Plan importé : ${r.planId}\n`;
    out += `  format ${r.format} : ${r.ambitions} ambitions, ${r.objectives} objectifs, ${r.projects} projets, ${r.milestones} jalons\n`;
    const s = r.summary;
    out += `  ${s.created} créé(s), ${s.updated} modifié(s), ${s.unchanged} inchangé(s), ${s.vanished} absent(s) du fichier\n`;
    if (r.dryRun) {
      for (const c of r.changes) {
        const what = { create: '+ création', update: '~ modification', vanished: '? absent du fichier' }[c.action];
        out += `  ${what} ${KIND_FR[c.kind] ?? c.kind} « ${c.title} »${c.row ? ` (ligne ${c.row})` : ''}\n`;
        for (const f of c.fields) out += `      ${f.field} : ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}\n`;
      }
    }
  }
  if (r.warnings.length > 0) out += `${r.warnings.length} avertissement(s) :\n${r.warnings.map(line).join('')}`;
  return out;
}

main().then(
  (code) => process.exit(code),
  (e) => fail(`Erreur inattendue : ${(e as Error).stack ?? e}`, 70),
);
