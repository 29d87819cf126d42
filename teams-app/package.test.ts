import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { colorIcon, outlineIcon } from '../manifest/icons.ts';
import {
  buildAppPackage,
  DEV_AAD_APP_CLIENT_ID,
  DEV_TEAMS_APP_ID,
  MANIFEST_DIR,
  PackageError,
  validateAppPackage,
} from './package.ts';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEAMS_SCHEMAS = join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
const run = promisify(execFile);

/** The official schema as @microsoft/app-manifest ships it, with the ajv it depends on (draft-04). */
function officialValidator(file: string, options: object = {}) {
  const Ajv = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv({ allErrors: true, strictTypes: false, ...options });
  addFormats(ajv, ['uri', 'email', 'regex']);
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
}

function ihdr(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('npm run package', () => {
  let dir: string;
  let zip: JSZip;
  let manifest: Record<string, any>;
  let stdout: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jalon-package-'));
    const out = join(dir, 'jalon-teams-app.zip');
    const env = { ...process.env, TAB_DOMAIN: 'jalon.ville-exemple.fr', TEAMS_APP_ID: '', AAD_APP_CLIENT_ID: '' };
    ({ stdout } = await run('npm', ['run', '--silent', 'package', '--', '--out', out], { cwd: ROOT, env }));
    zip = await JSZip.loadAsync(readFileSync(out));
    manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a zip with the manifest, the icons and the English strings at its root', () => {
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    expect(stdout).toContain('Paquet Teams écrit');
  });

  it('writes a manifest that validates offline against the official schema of @microsoft/app-manifest', async () => {
    const validate = officialValidator(join(TEAMS_SCHEMAS, `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json'));
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // And through the package's own generated type for that version.
    const { Convert } = require('@microsoft/app-manifest/build/generated-types/teams/TeamsManifestV1D30.js');
    expect(() => Convert.toTeamsManifestV1D30(JSON.stringify(manifest))).not.toThrow();
  });

  it('uses the newest manifest version the package ships, devPreview aside', () => {
    const versions = readdirSync(TEAMS_SCHEMAS)
      .filter((d) => /^v\d+\.\d+$/.test(d))
      .map((d) => d.slice(1))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    expect(manifest.manifestVersion).toBe(versions.at(-1));
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it('writes English strings that validate against the localization schema', async () => {
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'fr-fr',
      additionalLanguages: [{ languageTag: 'en-us', file: 'en.json' }],
    });
    const en = JSON.parse(await zip.file('en.json')!.async('string'));
    const file = join(TEAMS_SCHEMAS, `v${manifest.manifestVersion}`, 'MicrosoftTeams.Localization.schema.json');
    // The schema's patterns are plain ECMAScript regexps, not unicode ones.
    const validate = officialValidator(file, { unicodeRegExp: false });
    expect(validate(en), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(en['staticTabs[0].name']).toBe('Portal');
    expect(manifest.staticTabs[0].name).toBe('Portail');
  });

  it('fills the placeholders from the environment, with the dev ids by default', () => {
    expect(manifest.id).toBe(DEV_TEAMS_APP_ID);
    expect(manifest.webApplicationInfo).toEqual({
      id: DEV_AAD_APP_CLIENT_ID,
      resource: `api://jalon.ville-exemple.fr/${DEV_AAD_APP_CLIENT_ID}`,
    });
    expect(manifest.validDomains).toEqual(['jalon.ville-exemple.fr']);
    expect(manifest.staticTabs[0].contentUrl).toMatch(/^https:\/\/jalon\.ville-exemple\.fr\/tabs\/\?/);
    expect(manifest.staticTabs[0].scopes).toEqual(['personal']);
    // The channel tab: its configuration page is the tabs' /tabs/config route.
    expect(manifest.configurableTabs).toEqual([
      {
        configurationUrl: 'https://jalon.ville-exemple.fr/tabs/config?source=teams',
        canUpdateConfiguration: true,
        scopes: ['team', 'groupChat'],
        context: ['channelTab', 'privateChatTab', 'meetingChatTab'],
      },
    ]);
    expect(manifest.developer.privacyUrl).toBe('https://jalon.ville-exemple.fr/tabs/confidentialite.html');
    expect(manifest.developer.termsOfUseUrl).toBe('https://jalon.ville-exemple.fr/tabs/conditions.html');
    // …pages the tabs' build ships (tabs/public/ is copied to dist/tabs/ as is).
    for (const page of ['confidentialite.html', 'conditions.html']) {
      expect(readFileSync(new URL(`../tabs/public/${page}`, import.meta.url), 'utf8')).toContain('<html lang="fr">');
    }
    expect(manifest.bots).toBeUndefined();
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('ships icons of the right sizes: colour 192×192, outline 32×32', async () => {
    expect(ihdr(await zip.file('color.png')!.async('uint8array'))).toEqual({ width: 192, height: 192 });
    expect(ihdr(await zip.file('outline.png')!.async('uint8array'))).toEqual({ width: 32, height: 32 });
  });
});

describe('the app package', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('has icons in the repository that manifest/icons.ts draws, byte for byte', () => {
    expect(readFileSync(join(MANIFEST_DIR, 'color.png')).equals(colorIcon())).toBe(true);
    expect(readFileSync(join(MANIFEST_DIR, 'outline.png')).equals(outlineIcon())).toBe(true);
  });

  it('keeps the port of TAB_DOMAIN in the URLs but not in validDomains', async () => {
    const built = await buildAppPackage({ env: {} });
    expect(built.manifest.validDomains).toEqual(['localhost']);
    expect(built.manifest.staticTabs[0].contentUrl).toMatch(/^https:\/\/localhost:7071\/tabs\//);
    expect(built.manifest.webApplicationInfo.resource).toBe(`api://localhost:7071/${DEV_AAD_APP_CLIENT_ID}`);
  });

  it('accepts a TAB_DOMAIN pasted as a URL, and refuses one with a path', async () => {
    const built = await buildAppPackage({ env: { TAB_DOMAIN: 'https://Jalon.Example.fr/' } });
    expect(built.manifest.validDomains).toEqual(['jalon.example.fr']);
    await expect(buildAppPackage({ env: { TAB_DOMAIN: 'jalon.example.fr/app' } })).rejects.toThrow(/TAB_DOMAIN invalide/);
  });

  it('refuses ids that are not GUIDs', async () => {
    await expect(buildAppPackage({ env: { TEAMS_APP_ID: 'mon-app' } })).rejects.toThrow(/TEAMS_APP_ID doit être un GUID/);
  });

  it('fails with a clear message when a placeholder has no value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jalon-manifest-'));
    try {
      cpSync(MANIFEST_DIR, dir, { recursive: true });
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      m.staticTabs[0].contentBotId = '${{BOT_ID}}';
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
      const attempt = buildAppPackage({ manifestDir: dir, env: {} });
      await expect(attempt).rejects.toBeInstanceOf(PackageError);
      await expect(attempt).rejects.toThrow(/variable sans valeur \$\{\{BOT_ID\}\}.*BOT_ID=… npm run package/);
      const filled = await buildAppPackage({ manifestDir: dir, env: { BOT_ID: '0f2e4c6a-8b1d-4e3f-a5c7-9d1b3f5e7a90' } });
      expect(filled.manifest.staticTabs[0].contentBotId).toBe('0f2e4c6a-8b1d-4e3f-a5c7-9d1b3f5e7a90');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('catches what the schema forbids, and icons of the wrong size, offline', async () => {
    vi.stubGlobal('fetch', () => {
      throw new Error('no network in this test');
    });
    const good = await buildAppPackage({ env: {} });
    expect(await validateAppPackage(good.zip)).toEqual([]);

    const zip = await JSZip.loadAsync(good.zip);
    const m = JSON.parse(await zip.file('manifest.json')!.async('string'));
    m.name.short = 'Jalon, le plan stratégique de la collectivité';
    m.staticTabs[0].scopes = ['personal', 'channel'];
    m.validDomains = ['localhost:7071'];
    zip.file('manifest.json', JSON.stringify(m));
    zip.file('outline.png', colorIcon());
    const problems = await validateAppPackage(await zip.generateAsync({ type: 'uint8array' }));
    expect(problems.some((p) => p.startsWith('manifest.json/name/short'))).toBe(true);
    expect(problems.some((p) => p.startsWith('manifest.json/staticTabs/0/scopes/1'))).toBe(true);
    expect(problems.some((p) => p.includes('validDomains'))).toBe(true);
    expect(problems.some((p) => p.includes('192×192, 32×32 attendu'))).toBe(true);
    expect(problems.some((p) => p.includes('blanche sur fond transparent'))).toBe(true);
  });
});
