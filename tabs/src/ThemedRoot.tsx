// The Fluent theme: Teams' own (light, dark, high contrast, followed as the user switches)
// inside Teams; in a plain browser, the web theme the system asks for (light or dark).
// And the language: the Teams locale inside Teams (see i18n.tsx).
import {
  FluentProvider,
  makeStyles,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  tokens,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { App } from './App.tsx';
import { ConfigPage } from './ConfigPage.tsx';
import { hashOf, sliceOf } from './teamsLinks.ts';
import { chooseLang, LangProvider } from './i18n.tsx';
import { connectTeams, onThemeChange, type Host, type TeamsTheme } from './teams.ts';

const THEMES: Record<TeamsTheme, Theme> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground3 },
});

export function ThemedRoot() {
  const styles = useStyles();
  const [host, setHost] = useState<Host | null>(null);
  const [theme, setTheme] = useState<TeamsTheme>('default');

  useEffect(() => {
    let live = true;
    void connectTeams().then((h) => {
      if (!live) return;
      setHost(h);
      setTheme(h.theme);
      // A deep link to a project opens the personal tab with the project as its subPageId.
      const target = sliceOf(h.subPageId);
      if (target && window.location.hash !== hashOf(target)) window.location.hash = hashOf(target);
    });
    onThemeChange((t) => live && setTheme(t));
    return () => {
      live = false;
    };
  }, []);

  const prefersDark = usePrefersDark();
  const lang = chooseLang(host?.locale ?? null, window.location.search, navigator.languages ?? [navigator.language]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <LangProvider lang={lang}>
      {/* The page's height and background on a div of its own: FluentProvider hands its
          className to portals (listboxes, popovers), whose mount node would then cover the page. */}
      <FluentProvider theme={host?.inTeams ? THEMES[theme] : prefersDark ? webDarkTheme : webLightTheme} lang={lang}>
        <div className={styles.root}>{isConfigPage() ? <ConfigPage /> : <App />}</div>
      </FluentProvider>
    </LangProvider>
  );
}

/** Whether the system asks for a dark theme (outside Teams), followed as it changes. */
function usePrefersDark(): boolean {
  const query = '(prefers-color-scheme: dark)';
  const [dark, setDark] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const list = window.matchMedia?.(query);
    if (!list) return;
    const onChange = (e: MediaQueryListEvent) => setDark(e.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return dark;
}

/** /tabs/config: the channel tab's configuration page (the manifest's configurationUrl). */
function isConfigPage(): boolean {
  return /\/config\/?$/.test(window.location.pathname);
}
