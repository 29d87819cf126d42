// The Fluent theme: Teams' own (light, dark, high contrast, followed as the user switches)
// inside Teams, the web light theme in a plain browser.
import {
  FluentProvider,
  makeStyles,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  tokens,
  webLightTheme,
  type Theme,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { App } from './App.tsx';
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
    });
    onThemeChange((t) => live && setTheme(t));
    return () => {
      live = false;
    };
  }, []);

  return (
    <FluentProvider theme={host?.inTeams ? THEMES[theme] : webLightTheme} className={styles.root} lang="fr">
      <App />
    </FluentProvider>
  );
}
