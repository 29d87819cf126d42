// The tabs' language: French first, English second. Inside Teams it follows the user's
// Teams locale; in a plain browser, `?lang=en` or the browser's own languages; French
// whenever nothing says otherwise. Texts are written where they are used, as pairs
// (`t('Tableau de bord', 'Dashboard')`), so that a page carries its own two languages.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { setApiLanguage } from './api.ts';

export type Lang = 'fr' | 'en';

/** fr for any French locale, en for any English one; null when the locale says neither. */
function fromLocale(locale: string | null | undefined): Lang | null {
  const l = (locale ?? '').toLowerCase();
  if (l.startsWith('fr')) return 'fr';
  if (l.startsWith('en')) return 'en';
  return null;
}

/** The language for a Teams locale (inside Teams), else the page's `?lang=`, else the browser's languages, else French. */
export function chooseLang(teamsLocale: string | null, search: string, browserLanguages: readonly string[]): Lang {
  const fromTeams = fromLocale(teamsLocale);
  if (fromTeams) return fromTeams;
  const asked = fromLocale(new URLSearchParams(search).get('lang'));
  if (asked) return asked;
  for (const l of browserLanguages) {
    const lang = fromLocale(l);
    if (lang) return lang;
  }
  return 'fr';
}

const LangContext = createContext<Lang>('fr');

export function LangProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  // The API answers its errors in the same language.
  setApiLanguage(lang);
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

export function useLang(): Lang {
  return useContext(LangContext);
}

export type Translate = (fr: string, en: string) => string;

/** `t(fr, en)`: the text in the user's language. */
export function useT(): Translate {
  const lang = useLang();
  return useMemo<Translate>(() => (lang === 'en' ? (_fr, en) => en : (fr) => fr), [lang]);
}
