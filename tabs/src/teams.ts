// Teams, when the tab runs inside it: teams-js initialised (raced against a short timeout,
// since outside Teams `app.initialize()` never settles), the theme followed, and
// `notifySuccess` once the first data shows. In a plain browser all of this is a no-op.
import { app, authentication, pages } from '@microsoft/teams-js';

export type TeamsTheme = 'default' | 'dark' | 'contrast';

export interface Host {
  inTeams: boolean;
  theme: TeamsTheme;
  /** The Teams user's locale (« fr-fr »), null in a plain browser. */
  locale: string | null;
  /** content (a tab), settings (a channel tab's configuration page)…; null in a plain browser. */
  frameContext?: string | null;
  /** The tab's entityId (« portail », or a channel tab's `jalon:…`, see teamsLinks.ts). */
  pageId?: string | null;
  /** What a deep link asked the tab to show (its subEntityId). */
  subPageId?: string | null;
  /** Jalon's app id in this tenant's Teams, for deep links. */
  appId?: string | null;
  teamId?: string | null;
  channelId?: string | null;
}

const BROWSER: Host = { inTeams: false, theme: 'default', locale: null };
const INIT_TIMEOUT_MS = 2000;

export const asTheme = (t: string | undefined): TeamsTheme => (t === 'dark' || t === 'contrast' ? t : 'default');

let connecting: Promise<Host> | undefined;

/** Connects once; resolves to the browser host when Teams does not answer in time. */
export function connectTeams(): Promise<Host> {
  connecting ??= (async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), INIT_TIMEOUT_MS);
    });
    try {
      const outcome = await Promise.race([app.initialize().then(() => 'ok' as const), timeout]);
      if (outcome === 'timeout') return BROWSER;
      const context = await app.getContext();
      return {
        inTeams: true,
        theme: asTheme(context.app.theme),
        locale: context.app.locale ?? null,
        frameContext: context.page?.frameContext ?? null,
        pageId: context.page?.id ?? null,
        subPageId: context.page?.subPageId || null,
        appId: context.app.appId?.toString() ?? null,
        teamId: context.team?.groupId ?? null,
        channelId: context.channel?.id ?? null,
      };
    } catch {
      return BROWSER;
    } finally {
      clearTimeout(timer);
    }
  })();
  return connecting;
}

/** Calls `handler` with each theme Teams switches to (only ever inside Teams). */
export function onThemeChange(handler: (theme: TeamsTheme) => void): void {
  void connectTeams().then((host) => {
    if (host.inTeams) app.registerOnThemeChangeHandler((t) => handler(asTheme(t)));
  });
}

let notified = false;

/** Tells Teams the tab has loaded: once, when the first data is on screen. */
export function notifyShown(): void {
  if (notified) return;
  notified = true;
  void connectTeams().then((host) => {
    if (host.inTeams) void app.notifySuccess().catch(() => undefined);
  });
}

/** Tells Teams the tab could not load its first data (once, instead of notifyShown). */
export function notifyFailed(message: string): void {
  if (notified) return;
  notified = true;
  void connectTeams().then((host) => {
    if (host.inTeams) app.notifyFailure({ reason: app.FailedReason.Other, message });
  });
}

// ───────────────────────── sign-in (SSO) ─────────────────────────

/** Teams could not give a token without the user's (or an admin's) consent first. */
export class ConsentRequiredError extends Error {
  constructor(readonly reason: string) {
    super('Jalon a besoin de votre accord pour vous connecter.');
    this.name = 'ConsentRequiredError';
  }
}

let cached: { token: string; expiresAt: number } | null = null;

/** A JWT's `exp` in ms (read only to know when to ask again: the API verifies the token); 0 when unreadable. */
function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

const CONSENT = /consent|interaction_required|invalid_grant|resourceRequiresConsent|AADSTS65001/i;

/**
 * The Teams SSO token for Jalon's API (authentication.getAuthToken), or null in a plain
 * browser, where the local host signs the dev user in. A refusal that needs consent
 * becomes ConsentRequiredError, which the page turns into one consent prompt.
 */
export async function ssoToken(): Promise<string | null> {
  const host = await connectTeams();
  if (!host.inTeams) return null;
  // Reused until five minutes before it expires, rather than asked of Teams on every call.
  if (cached && cached.expiresAt - Date.now() > 5 * 60_000) return cached.token;
  try {
    const token = await authentication.getAuthToken();
    cached = { token, expiresAt: expiryOf(token) };
    return token;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (CONSENT.test(reason)) throw new ConsentRequiredError(reason);
    throw e;
  }
}

// ───────────────────────── a channel tab's configuration ─────────────────────────

export interface TabConfig {
  entityId: string;
  contentUrl: string;
  websiteUrl: string;
  suggestedDisplayName: string;
}

/**
 * On the configuration page: tells Teams whether « Save » may be pressed, and what to save
 * when it is. Call it again whenever the choice changes (null: nothing chosen yet).
 */
export function offerTabConfig(config: TabConfig | null): void {
  void connectTeams().then((host) => {
    if (!host.inTeams) return;
    pages.config.setValidityState(config !== null);
    if (!config) return;
    pages.config.registerOnSaveHandler((save) => {
      pages.config.setConfig(config).then(
        () => save.notifySuccess(),
        (e: unknown) => save.notifyFailure(e instanceof Error ? e.message : String(e)),
      );
    });
  });
}
