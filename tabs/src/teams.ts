// Teams, when the tab runs inside it: teams-js initialised (raced against a short timeout,
// since outside Teams `app.initialize()` never settles), the theme followed, and
// `notifySuccess` once the first data shows. In a plain browser all of this is a no-op.
import { app } from '@microsoft/teams-js';

export type TeamsTheme = 'default' | 'dark' | 'contrast';

export interface Host {
  inTeams: boolean;
  theme: TeamsTheme;
  /** The Teams user's locale (« fr-fr »), null in a plain browser. */
  locale: string | null;
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
      return { inTeams: true, theme: asTheme(context.app.theme), locale: context.app.locale ?? null };
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
