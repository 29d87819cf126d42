// `npm run package [-- --out file.zip]`: the Teams app package, dist/jalon-teams-app.zip.
// manifest/manifest.json with its ${{…}} placeholders filled from the environment, its
// icons and its localization files, flat at the zip's root. The zip is checked before it
// is written, offline: against the official JSON schemas that @microsoft/app-manifest ships
// (with the ajv it depends on, set up as its own validator does), through the package's
// generated converter for that manifest version, and for what the schema cannot say
// (icon sizes, a white-on-transparent outline, validDomains without ports).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';

const require = createRequire(import.meta.url);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MANIFEST_DIR = path.join(REPO_ROOT, 'manifest');
export const DEFAULT_OUT = path.join(REPO_ROOT, 'dist', 'jalon-teams-app.zip');

/** Fixed ids for local work, so that a dev package installs over the previous one. */
export const DEV_TEAMS_APP_ID = 'b5f1a0c2-7c3e-4d8a-9f61-2e4b8d0a7c31';
export const DEV_AAD_APP_CLIENT_ID = '6d2e8f14-3a9b-4c57-8e02-f1b7c5a9d463';
export const DEFAULT_TAB_DOMAIN = 'localhost:7071';

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'PackageError';
  }
}

// ───────────────────────── values ─────────────────────────

/**
 * TAB_DOMAIN as a host and optional port: `https://` and a trailing slash are tolerated
 * (people paste URLs), a path is not, since the tabs are served at /tabs/ of the domain.
 */
export function normalizeTabDomain(value: string): string {
  const bare = value.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(bare)) {
    throw new PackageError([
      `TAB_DOMAIN invalide : « ${value} ». Attendu : le nom de domaine qui sert les onglets, port éventuel compris, sans chemin (ex. jalon.ville-exemple.fr ou localhost:7071).`,
    ]);
  }
  return bare.toLowerCase();
}

/** The value of each placeholder: the environment, else the local defaults. */
export function packageValues(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') values[name] = value;
  values.TEAMS_APP_ID = (env.TEAMS_APP_ID || DEV_TEAMS_APP_ID).trim();
  values.AAD_APP_CLIENT_ID = (env.AAD_APP_CLIENT_ID || DEV_AAD_APP_CLIENT_ID).trim();
  values.TAB_DOMAIN = normalizeTabDomain(env.TAB_DOMAIN || DEFAULT_TAB_DOMAIN);
  const problems: string[] = [];
  for (const name of ['TEAMS_APP_ID', 'AAD_APP_CLIENT_ID'] as const) {
    if (!GUID.test(values[name]!)) problems.push(`${name} doit être un GUID (ex. ${DEV_TEAMS_APP_ID}) : « ${values[name]} ».`);
  }
  if (problems.length > 0) throw new PackageError(problems);
  return values;
}

/** Replaces `${{NAME}}` in a JSON text, each value escaped for a JSON string. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    values[name] === undefined ? whole : JSON.stringify(values[name]).slice(1, -1),
  );
}

export function leftPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

// ───────────────────────── building ─────────────────────────

export interface BuiltPackage {
  zip: Buffer;
  manifest: Record<string, any>;
  /** File names at the zip's root. */
  files: string[];
}

/** The zip, checked; throws PackageError listing every problem. */
export async function buildAppPackage(
  options: { env?: NodeJS.ProcessEnv; manifestDir?: string } = {},
): Promise<BuiltPackage> {
  const dir = options.manifestDir ?? MANIFEST_DIR;
  const values = packageValues(options.env ?? process.env);
  const read = (name: string) => {
    const file = path.join(dir, name);
    if (!existsSync(file)) throw new PackageError([`Fichier introuvable : ${path.relative(process.cwd(), file) || file}`]);
    return readFileSync(file);
  };

  const filled = fillPlaceholders(read('manifest.json').toString('utf8'), values);
  const left = leftPlaceholders(filled);
  if (left.length > 0) {
    throw new PackageError([
      `manifest.json : ${left.length > 1 ? 'variables sans valeur' : 'variable sans valeur'} ${left.map((n) => `\${{${n}}}`).join(', ')}. ` +
        `Définissez-${left.length > 1 ? 'les' : 'la'} dans l’environnement (ex. ${left[0]}=… npm run package).`,
    ]);
  }
  const manifest = JSON.parse(filled) as Record<string, any>;
  // Teams wants bare domains in validDomains: the port TAB_DOMAIN may carry (localhost:7071)
  // stays in the URLs, not here.
  if (Array.isArray(manifest.validDomains)) {
    manifest.validDomains = [...new Set(manifest.validDomains.map((d: string) => d.replace(/:\d+$/, '')))];
  }

  const zip = new JSZip();
  // A fixed date: the same inputs give the same zip.
  const date = new Date('2026-01-01T00:00:00Z');
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  const extra = [manifest.icons?.color, manifest.icons?.outline, manifest.icons?.color32x32];
  for (const lang of manifest.localizationInfo?.additionalLanguages ?? []) extra.push(lang.file);
  if (manifest.localizationInfo?.defaultLanguageFile) extra.push(manifest.localizationInfo.defaultLanguageFile);
  for (const name of [...new Set(extra.filter((n): n is string => typeof n === 'string'))]) {
    const bytes = read(name);
    if (name.endsWith('.json')) {
      const text = fillPlaceholders(bytes.toString('utf8'), values);
      const leftHere = leftPlaceholders(text);
      if (leftHere.length > 0) throw new PackageError([`${name} : variable sans valeur ${leftHere.map((n) => `\${{${n}}}`).join(', ')}.`]);
      zip.file(name, text, { date });
    } else {
      zip.file(name, bytes, { date });
    }
  }
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  const problems = await validateAppPackage(bytes);
  if (problems.length > 0) throw new PackageError(problems);
  return { zip: bytes, manifest, files: Object.keys(zip.files) };
}

// ───────────────────────── checking ─────────────────────────

const SCHEMA_ROOT = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');

/** The schema @microsoft/app-manifest ships for a Teams manifest version, read from disk. */
export function localSchemaFile(manifestVersion: string, kind: 'manifest' | 'localization' = 'manifest'): string {
  const dir = manifestVersion === 'devPreview' ? 'vDevPreview' : `v${manifestVersion}`;
  return path.join(SCHEMA_ROOT, dir, kind === 'manifest' ? 'MicrosoftTeams.schema.json' : 'MicrosoftTeams.Localization.schema.json');
}

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string; params?: unknown }> | null };

/**
 * Compiles a schema the way AppManifestUtils.validateAgainstSchema does (ajv, draft-04 or
 * 2020-12 by the schema's $schema, allErrors, strictTypes off, formats uri/email/regex).
 * The package's own entry point cannot be loaded here (it requires fs-extra, which it does
 * not install), and it would fetch schemas it does not ship: so the same validator is set
 * up on the files it ships.
 */
const compiledSchemas = new Map<string, Validate>();

export function compileSchema(file: string, options: { unicodeRegExp?: boolean } = {}): Validate {
  const cacheKey = `${file}\0${JSON.stringify(options)}`;
  const cached = compiledSchemas.get(cacheKey);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
  const addFormats = require('ajv-formats') as (ajv: unknown, formats: string[]) => void;
  const Ajv = String(schema.$schema ?? '').includes('2020-12') ? require('ajv/dist/2020') : require('ajv-draft-04');
  const AjvClass = (Ajv.default ?? Ajv) as new (options: object) => { compile(schema: object): Validate };
  const ajv = new AjvClass({ allErrors: true, strictTypes: false, ...options });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  compiledSchemas.set(cacheKey, validate);
  return validate;
}

const errorsOf = (v: Validate, where: string) =>
  (v.errors ?? []).map((e) => `${where}${e.instancePath || '/'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`.trim());

/** The package's generated runtime check for that manifest version (quicktype's Convert). */
function convertCheck(manifestVersion: string, text: string): string | null {
  const m = /^(\d+)\.(\d+)$/.exec(manifestVersion);
  if (!m) return null;
  const typeName = `TeamsManifestV${m[1]}D${m[2]}`;
  let module: { Convert: Record<string, (json: string) => unknown> };
  try {
    module = require(`@microsoft/app-manifest/build/generated-types/teams/${typeName}.js`);
  } catch {
    return `La version de manifeste ${manifestVersion} n’a pas de types dans @microsoft/app-manifest.`;
  }
  try {
    module.Convert[`to${typeName}`]!(text);
    return null;
  } catch (e) {
    return `manifest.json refusé par ${typeName} : ${(e as Error).message}`;
  }
}

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

/** Width, height and format from the IHDR chunk, which must come first. */
export function readPngHeader(bytes: Uint8Array): PngInfo {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (b.length < 33 || !b.subarray(0, 8).equals(signature) || b.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error('pas un fichier PNG');
  }
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), bitDepth: b[24]!, colorType: b[25]! };
}

/** The pixels of an 8-bit RGBA, non-interlaced PNG (all five scanline filters). */
export function decodeRgbaPng(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const info = readPngHeader(bytes);
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (info.bitDepth !== 8 || info.colorType !== 6 || b[28] !== 0) throw new Error('PNG RGBA 8 bits non entrelacé attendu');
  const idat: Buffer[] = [];
  for (let pos = 8; pos + 8 <= b.length; ) {
    const length = b.readUInt32BE(pos);
    const type = b.toString('ascii', pos + 4, pos + 8);
    if (type === 'IDAT') idat.push(b.subarray(pos + 8, pos + 8 + length));
    if (type === 'IEND') break;
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const { width, height } = info;
  const stride = width * 4;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? out[y * stride + x - 4]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4]! : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (a + up) >> 1;
      else if (filter === 4) {
        const p = a + up - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      } else if (filter !== 0) throw new Error(`filtre PNG inconnu : ${filter}`);
      out[y * stride + x] = (v + predicted) & 0xff;
    }
  }
  return { width, height, rgba: out };
}

/**
 * Every problem of a package, in French; none means Teams should accept it. Offline: the
 * schemas are read from @microsoft/app-manifest's files.
 */
export async function validateAppPackage(zipBytes: Uint8Array): Promise<string[]> {
  const problems: string[] = [];
  const zip = await JSZip.loadAsync(zipBytes);
  const names = Object.keys(zip.files);
  for (const n of names) if (n.includes('/')) problems.push(`${n} : Teams veut tous les fichiers à la racine du zip.`);
  const manifestFile = zip.file('manifest.json');
  if (!manifestFile) return [...problems, 'manifest.json absent de la racine du zip.'];
  const text = await manifestFile.async('string');
  let manifest: Record<string, any>;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    return [...problems, `manifest.json n’est pas du JSON valide : ${(e as Error).message}`];
  }
  const left = leftPlaceholders(text);
  if (left.length > 0) problems.push(`manifest.json : variables non remplacées ${left.map((n) => `\${{${n}}}`).join(', ')}.`);

  const version = String(manifest.manifestVersion ?? '');
  const schemaFile = localSchemaFile(version);
  if (!existsSync(schemaFile)) return [...problems, `Version de manifeste « ${version} » inconnue de @microsoft/app-manifest (pas de ${schemaFile}).`];
  if (typeof manifest.$schema === 'string' && !manifest.$schema.includes(`/v${version}/`)) {
    problems.push(`$schema (${manifest.$schema}) ne désigne pas la version ${version} du manifeste.`);
  }
  const validate = compileSchema(schemaFile);
  if (!validate(manifest)) problems.push(...errorsOf(validate, 'manifest.json'));
  const converted = convertCheck(version, text);
  if (converted) problems.push(converted);

  for (const d of manifest.validDomains ?? []) {
    if (/:\d+$/.test(d) || /^https?:/i.test(d)) problems.push(`validDomains : « ${d} » doit être un domaine seul, sans schéma ni port.`);
  }

  // Icons: sizes, and the outline white on transparent.
  const icons: Array<[string, string | undefined, number]> = [
    ['color', manifest.icons?.color, 192],
    ['outline', manifest.icons?.outline, 32],
  ];
  for (const [kind, name, size] of icons) {
    if (!name) continue;
    const file = zip.file(name);
    if (!file) {
      problems.push(`Icône ${kind} « ${name} » absente du zip.`);
      continue;
    }
    const png = await file.async('uint8array');
    try {
      const { width, height } = readPngHeader(png);
      if (width !== size || height !== size) problems.push(`Icône ${kind} « ${name} » : ${width}×${height}, ${size}×${size} attendu.`);
      if (kind === 'outline') {
        const { rgba } = decodeRgbaPng(png);
        let coloured = 0;
        let opaque = 0;
        for (let i = 0; i < rgba.length; i += 4) {
          if (rgba[i + 3]! > 0 && (rgba[i]! < 250 || rgba[i + 1]! < 250 || rgba[i + 2]! < 250)) coloured++;
          if (rgba[i + 3] === 255) opaque++;
        }
        if (coloured > 0) problems.push(`Icône outline « ${name} » : ${coloured} pixel(s) non blancs ; Teams la veut blanche sur fond transparent.`);
        if (opaque === rgba.length / 4) problems.push(`Icône outline « ${name} » : aucun pixel transparent ; fond transparent attendu.`);
      }
    } catch (e) {
      problems.push(`Icône ${kind} « ${name} » illisible : ${(e as Error).message}`);
    }
  }

  // Localization files, against the localization schema of the same version.
  const languageFiles = [
    ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l: { file: string }) => l.file),
    ...(manifest.localizationInfo?.defaultLanguageFile ? [manifest.localizationInfo.defaultLanguageFile] : []),
  ];
  const localizationSchema = localSchemaFile(version, 'localization');
  for (const name of languageFiles) {
    const file = zip.file(name);
    if (!file) {
      problems.push(`Fichier de langue « ${name} » absent du zip.`);
      continue;
    }
    const langText = await file.async('string');
    let strings: unknown;
    try {
      strings = JSON.parse(langText);
    } catch (e) {
      problems.push(`${name} n’est pas du JSON valide : ${(e as Error).message}`);
      continue;
    }
    if (existsSync(localizationSchema)) {
      // Its patterns are written for plain ECMAScript regexps (`\b]` is a lone bracket
      // under the u flag, ajv's default).
      const v = compileSchema(localizationSchema, { unicodeRegExp: false });
      if (!v(strings)) problems.push(...errorsOf(v, name));
    }
  }
  return problems;
}

// ───────────────────────── the command ─────────────────────────

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = path.resolve(values.out ?? DEFAULT_OUT);
  let built: BuiltPackage;
  try {
    built = await buildAppPackage();
  } catch (e) {
    if (e instanceof PackageError) {
      process.stderr.write(`Paquet Teams non créé :\n${e.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    throw e;
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, built.zip);
  const m = built.manifest;
  process.stdout.write(
    `Paquet Teams écrit : ${path.relative(process.cwd(), out) || out} (${built.zip.length} octets)\n` +
      `  manifeste ${m.manifestVersion}, application ${m.id}, onglets sur ${new URL(m.staticTabs?.[0]?.contentUrl ?? 'https://?').host}\n` +
      `  fichiers : ${built.files.join(', ')}\n` +
      `  vérifié hors ligne contre le schéma officiel (@microsoft/app-manifest)\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`Erreur inattendue : ${(e as Error).stack ?? e}\n`);
      process.exit(70);
    },
  );
}
