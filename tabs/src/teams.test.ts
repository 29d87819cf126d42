// teams.ts against a stand-in for teams-js: the browser fallback when Teams never answers,
// the theme mapping, and notifySuccess once, only inside Teams.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const teams = vi.hoisted(() => ({
  initialize: vi.fn<() => Promise<void>>(),
  getContext: vi.fn<() => Promise<{ app: { theme: string; locale: string } }>>(),
  registerOnThemeChangeHandler: vi.fn<(handler: (theme: string) => void) => void>(),
  notifySuccess: vi.fn<() => Promise<void>>(),
  notifyFailure: vi.fn(),
  FailedReason: { Other: 'Other' },
}));
vi.mock('@microsoft/teams-js', () => ({ app: teams }));

async function freshModule() {
  vi.resetModules();
  return import('./teams.ts');
}

beforeEach(() => {
  vi.useFakeTimers();
  for (const f of Object.values(teams)) if (typeof f === 'function') f.mockReset();
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
    expect(await connectTeams()).toEqual({ inTeams: true, theme: 'dark', locale: 'fr-fr' });

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
