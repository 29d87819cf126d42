// Routing through location.hash, so that deep links work under /tabs/ whatever path the
// host serves the page at (/tabs/, /tabs/index.html, /tabs/config): « #/project?plan=…&id=… ».
import { useSyncExternalStore } from 'react';

export const VIEWS = ['portal', 'dashboard', 'matrix', 'projects', 'project', 'roadmap', 'import', 'settings', 'people'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  const view = (VIEWS as readonly string[]).includes(path) ? (path as View) : 'portal';
  return { view, params: new URLSearchParams(search) };
}

export function hrefFor(view: View, params: Record<string, string | null | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return `#/${view}${s ? `?${s}` : ''}`;
}

export function navigate(view: View, params: Record<string, string | null | undefined> = {}, replace = false): void {
  const href = hrefFor(view, params);
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  // pushState does not fire hashchange: tell the subscribers ourselves.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('popstate', onChange);
  };
}

const getHash = () => window.location.hash;

/** The current route; re-renders on every change of the hash. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, getHash);
  return parseHash(hash);
}
