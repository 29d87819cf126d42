// teams.ts against a stand-in for teams-js: the browser fallback when Teams never answers,
// the theme mapping, and notifySuccess once, only inside Teams.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const teams = vi.hoisted(() => ({
  initialize: vi.fn<() => Promise<void>>(),
  getContext: vi.fn<() => Promise<unknown>>(),
  registerOnThemeChangeHandler: vi.fn<(handler: (theme: string) => void) => void>(),
  notifySuccess: vi.fn<() => Promise<void>>(),
  notifyFailure: vi.fn(),
  FailedReason: { Other: 'Other' },
}));
const authentication = vi.hoisted(() => ({ getAuthToken: vi.fn<() => Promise<string>>() }));
const config = vi.hoisted(() => ({
  setValidityState: vi.fn<(valid: boolean) => void>(),
  registerOnSaveHandler: vi.fn<(handler: (e: { notifySuccess(): void; notifyFailure(reason?: string): void }) => void) => void>(),
  setConfig: vi.fn<(c: unknown) => Promise<void>>(),
}));
vi.mock('@microsoft/teams-js', () => ({ app: teams, authentication, pages: { config } }));

async function freshModule() {
  vi.resetModules();
  return import('./teams.ts');
}

beforeEach(() => {
  vi.useFakeTimers();
  for (const f of [...Object.values(teams), ...Object.values(authentication), ...Object.values(config)]) if (typeof f === 'function') f.mockReset();
  teams.notifySuccess.mockResolvedValue(undefined);
});
afterEach(() => vi.useRealTimers());

describe('connectTeams', () => {
  it('falls back to the browser when app.initialize() never settles', async () => {
    teams.initialize.mockReturnValue(new Promise(() => {}));
    const { connectTeams, notifyShown } = await freshModule();
    const host = connectTeams();
    await vi.advanceTimersByTimeAsync(2500);
    expect(await host).toEqual({ inTeams: false, theme: 'default', locale: null });
    notifyShown();
    await vi.runAllTimersAsync();
    expect(teams.notifySuccess).not.toHaveBeenCalled();
  });

  it('falls back to the browser when app.initialize() rejects', async () => {
    teams.initialize.mockRejectedValue(new Error('not in Teams'));
    const { connectTeams } = await freshModule();
    expect((await connectTeams()).inTeams).toBe(false);
  });

  it('reads the theme and locale inside Teams, follows theme changes, notifies success once', async () => {
    teams.initialize.mockResolvedValue(undefined);
    teams.getContext.mockResolvedValue({ app: { theme: 'dark', locale: 'fr-fr' } });
    const { connectTeams, notifyShown, onThemeChange } = await freshModule();
    expect(await connectTeams()).toMatchObject({ inTeams: true, theme: 'dark', locale: 'fr-fr', subPageId: null });

    const seen: string[] = [];
    onThemeChange((t) => seen.push(t));
    await vi.runAllTimersAsync();
    const handler = teams.registerOnThemeChangeHandler.mock.calls[0]![0];
    handler('contrast');
    handler('default');
    handler('something-new');
    expect(seen).toEqual(['contrast', 'default', 'default']);

    notifyShown();
    notifyShown();
    await vi.runAllTimersAsync();
    expect(teams.notifySuccess).toHaveBeenCalledTimes(1);
  });
});

describe('inside Teams', () => {
  const context = {
    app: { theme: 'default', locale: 'fr-fr', appId: { toString: () => 'app-guid' } },
    page: { id: 'jalon:project:p1:x1', frameContext: 'content', subPageId: 'jalon:project:p1:x2' },
    team: { groupId: 'team-1' },
    channel: { id: '19:abc@thread.tacv2' },
  };

  it('reads the tab’s entity id, the deep link’s subPageId, the app id, the team and the channel', async () => {
    teams.initialize.mockResolvedValue(undefined);
    teams.getContext.mockResolvedValue(context);
    const { connectTeams } = await freshModule();
    expect(await connectTeams()).toEqual({
      inTeams: true,
      theme: 'default',
      locale: 'fr-fr',
      frameContext: 'content',
      pageId: 'jalon:project:p1:x1',
      subPageId: 'jalon:project:p1:x2',
      appId: 'app-guid',
      teamId: 'team-1',
      channelId: '19:abc@thread.tacv2',
    });
  });

  it('gives the SSO token inside Teams, none in a browser, and a consent error the page can act on', async () => {
    teams.initialize.mockResolvedValue(undefined);
    teams.getContext.mockResolvedValue(context);
    let m = await freshModule();
    // A token whose payload says it expires in an hour is reused; an unreadable one is not.
    const payload = btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })).replace(/=+$/, '');
    authentication.getAuthToken.mockResolvedValue(`h.${payload}.s`);
    expect(await m.ssoToken()).toBe(`h.${payload}.s`);
    expect(await m.ssoToken()).toBe(`h.${payload}.s`);
    expect(authentication.getAuthToken).toHaveBeenCalledTimes(1);
    m = await freshModule();
    authentication.getAuthToken.mockResolvedValue('eyJ.token');
    expect(await m.ssoToken()).toBe('eyJ.token');
    authentication.getAuthToken.mockRejectedValue(new Error('resourceRequiresConsent'));
    await expect(m.ssoToken()).rejects.toBeInstanceOf(m.ConsentRequiredError);
    authentication.getAuthToken.mockRejectedValue(new Error('CancelledByUser'));
    await expect(m.ssoToken()).rejects.toThrow('CancelledByUser');

    teams.initialize.mockRejectedValue(new Error('not in Teams'));
    m = await freshModule();
    expect(await m.ssoToken()).toBeNull();
    expect(authentication.getAuthToken).toHaveBeenCalledTimes(4);
  });

  it('lets a configuration page save only a chosen slice, with the config it was given', async () => {
    teams.initialize.mockResolvedValue(undefined);
    teams.getContext.mockResolvedValue({ ...context, page: { id: '', frameContext: 'settings' } });
    config.setConfig.mockResolvedValue(undefined);
    const { offerTabConfig } = await freshModule();
    offerTabConfig(null);
    await vi.runAllTimersAsync();
    expect(config.setValidityState).toHaveBeenLastCalledWith(false);
    expect(config.registerOnSaveHandler).not.toHaveBeenCalled();

    const chosen = { entityId: 'jalon:ambition:p1:a1', contentUrl: 'https://x/tabs/?source=teams#/dashboard?plan=p1&ambition=a1', websiteUrl: 'https://x/tabs/#/dashboard?plan=p1&ambition=a1', suggestedDisplayName: 'Axe 1' };
    offerTabConfig(chosen);
    await vi.runAllTimersAsync();
    expect(config.setValidityState).toHaveBeenLastCalledWith(true);
    const save = { notifySuccess: vi.fn(), notifyFailure: vi.fn() };
    config.registerOnSaveHandler.mock.calls.at(-1)![0](save);
    await vi.runAllTimersAsync();
    expect(config.setConfig).toHaveBeenCalledWith(chosen);
    expect(save.notifySuccess).toHaveBeenCalledTimes(1);
  });
});
