// The local host: one Node process that serves what Azure serves with several pieces.
//   /api/...                 the route table, each route through toAzureHandler, with a real
//                            HttpRequest built from the Node request, as the Functions host does
//   /api/messages            the bot endpoint, once the bot exists (it will be matched first)
//   /tabs/...                the built tabs (dist/tabs), index.html for client routes
//   /                        302 to /tabs/
//   POST /admin/functions/x  runs a timer function by hand (dev mode only), 202 like the host
// `npm start` (teams-app/start.ts) runs it in dev mode; tests call startHost on port 0.
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '@azure/functions';
import type { HttpResponseInit, InvocationContext as Context } from '@azure/functions';
import { langOf } from '../functions/http.ts';
import { allowedMethods, matchRoute } from '../functions/match.ts';
import { toAzureHandler, type Route } from '../functions/route.ts';
import { routes as routeTable } from '../functions/routes.ts';
import { describeStore } from '../plan/store/index.ts';
import { authMode, devTenant, devUser, runtimeFromEnv, setRuntime, type Runtime } from '../functions/runtime.ts';
import { defaultDataDir, DB_FILE_NAME } from '../plan/store/sqlite.ts';
import { seedDemoIfEmpty } from './demo.ts';
import { timers as timerTable, type TimerFunction } from './timers.ts';

const { HttpRequest, HttpResponse, InvocationContext } = pkg;

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_TABS_DIR = path.join(REPO_ROOT, 'dist', 'tabs');
export const DEFAULT_PORT = 7071;
/** What Azure Functions accepts too (its request limit is 100 MB). */
const MAX_BODY_BYTES = 100 * 1024 * 1024;

export interface HostOptions {
  /** 0 for an ephemeral port. */
  port: number;
  /** Where to listen outside dev mode (default HOST, else 0.0.0.0); dev mode is loopback only. */
  host?: string;
  /** The store's folder; default DATA_DIR, else ./.data. */
  dataDir?: string;
  /** The timer functions /admin/functions runs; default teams-app/timers.ts. */
  timers?: TimerFunction[];
  /** The built tabs; default dist/tabs. */
  tabsDir?: string;
  /** The API's routes; default the route table (functions/routes.ts). */
  routes?: Route[];
  /** Where the startup lines and errors go; default the console. */
  log?: (line: string) => void;
}

export interface RunningHost {
  /** `http://127.0.0.1:7071`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const log = options.log ?? ((line: string) => console.log(line));
  const mode = authMode();
  const dev = mode === 'dev';
  const routes = options.routes ?? routeTable;
  const timers = options.timers ?? timerTable;
  const tabsDir = path.resolve(options.tabsDir ?? DEFAULT_TABS_DIR);
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());

  // Dev mode answers every call as one user with no sign-in: never reachable from the network.
  const wanted = options.host ?? (process.env.HOST || undefined);
  const bindHost = dev ? '127.0.0.1' : (wanted ?? '0.0.0.0');
  if (dev && wanted && !['127.0.0.1', 'localhost', '::1'].includes(wanted)) {
    log(`Mode développement : HOST=${wanted} ignoré, le serveur n’écoute que sur 127.0.0.1 (aucune connexion n’y est demandée).`);
  }

  const rt = hostRuntime(dataDir);
  setRuntime(rt);
  const running = new Set<Promise<void>>();
  let server: http.Server | undefined;
  try {
    if (dev) {
      const seeded = await seedDemoIfEmpty(rt.store, devTenant(), rt.today(), rt.now(), devUser());
      if (seeded) log(`Collectivité « ${devTenant()} » vide : plan de démonstration créé (« ${seeded.title} »).`);
    }
    const handlers = new Map(routes.map((r) => [r, toAzureHandler(r)]));
    const ctx: HostContext = { dev, routes, handlers, timers, tabsDir, rt, log, running };
    server = http.createServer((req, res) => {
      handle(ctx, req, res).catch((e: unknown) => {
        log(`Erreur sur ${req.method} ${req.url} : ${(e as Error)?.stack ?? e}`);
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'Erreur inattendue du serveur local.' } });
        else res.destroy();
      });
    });
    await listen(server, options.port, bindHost);
  } catch (e) {
    setRuntime(undefined);
    await rt.store.close();
    throw e;
  }

  const address = server.address() as AddressInfo;
  const shown = bindHost === '0.0.0.0' || bindHost === '::' ? 'localhost' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const url = `http://${shown}:${address.port}`;
  log(`Jalon est lancé : ouvrez ${url}/`);
  log(`  Données : ${describeStore(process.env, path.join(dataDir, DB_FILE_NAME))}`);
  if (dev) {
    log(`  Mode développement (AUTH_MODE=dev) : sans connexion, accessible depuis cette machine seulement.`);
    log(`  Collectivité : ${devTenant()}, en tant que ${devUser()}`);
  } else {
    log(`  Connexion requise (AUTH_MODE=${process.env.AUTH_MODE || 'non défini'}) : l’API répond 401 sans connexion Entra ID. Écoute sur ${bindHost}.`);
  }
  if (!existsSync(path.join(tabsDir, 'index.html'))) log(`  Onglets absents de ${tabsDir} : lancez npm run build:tabs`);

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      const s = server!;
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeIdleConnections?.();
        });
        await Promise.allSettled([...running]);
        setRuntime(undefined);
        await rt.store.close();
      })();
      return closing;
    },
  };
}

/** The runtime the handlers run against: the one of functions/runtime.ts (sign-in and all), on the store under `dataDir`. */
function hostRuntime(dataDir: string): Runtime {
  return runtimeFromEnv(process.env, { dataDir });
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE')
        reject(new Error(`Le port ${port} est déjà utilisé sur ${host} : arrêtez l’autre serveur, ou choisissez un autre port (PORT=${port + 1} npm start).`));
      else reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

// ───────────────────────── dispatch ─────────────────────────

type AzureHandler = (req: InstanceType<typeof HttpRequest>, context: Context) => Promise<HttpResponseInit>;

interface HostContext {
  dev: boolean;
  routes: Route[];
  handlers: Map<Route, AzureHandler>;
  timers: TimerFunction[];
  tabsDir: string;
  rt: Runtime;
  log: (line: string) => void;
  /** Timer runs under way, awaited by close(). */
  running: Set<Promise<void>>;
}

async function handle(ctx: HostContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = requestUrl(req);
  const pathname = url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();

  if (pathname === '/' || pathname === '/tabs') return redirect(res, `/tabs/${url.search}`);
  if (pathname.startsWith('/tabs/')) return serveTabs(ctx, res, method, pathname);
  if (pathname === '/api' || pathname.startsWith('/api/')) return serveApi(ctx, req, res, method, url);
  if (ctx.dev && pathname.startsWith('/admin/functions/')) return serveAdmin(ctx, req, res, method, pathname);
  sendText(res, 404, 'Page introuvable. Le portail Jalon est sous /tabs/, l’API sous /api/.', method);
}

/**
 * The URL the request was made to. Built from the Host header only when it is a plain
 * host[:port], and never by resolving req.url (`//other/…` would change the host).
 */
function requestUrl(req: http.IncomingMessage): URL {
  const hostHeader = req.headers.host ?? '';
  const local = req.socket.localAddress ?? '127.0.0.1';
  const host = /^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(hostHeader)
    ? hostHeader
    : `${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort}`;
  const raw = req.url ?? '/';
  return new URL(`http://${host}${raw.startsWith('/') ? raw : `/${raw}`}`);
}

// ───────────────────────── the API ─────────────────────────

/** Hop-by-hop headers: about this connection, not the request a function sees. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

async function serveApi(
  ctx: HostContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  method: string,
  url: URL,
): Promise<void> {
  const lang = langOf({ headers: new Headers({ 'accept-language': String(req.headers['accept-language'] ?? '') }) });
  const text = (fr: string, en: string) => (lang === 'en' ? en : fr);
  const pathname = url.pathname;
  // The bot's /api/messages will be answered here, before the route table, once it exists.

  // HEAD is a GET without its body, as HTTP has it.
  const asked = method === 'HEAD' ? 'GET' : method;
  const found = method === 'OPTIONS' ? null : matchRoute(ctx.routes, asked, pathname);
  if (!found) {
    const allowed = allowedMethods(ctx.routes, pathname);
    if (allowed.length === 0) {
      return sendJson(
        res,
        404,
        { error: { code: 'not-found', message: text(`Route inconnue : ${method} ${pathname}`, `Unknown route: ${method} ${pathname}`) } },
        method,
      );
    }
    const allow = allowHeader(allowed);
    if (method === 'OPTIONS') {
      res.writeHead(204, { allow });
      return void res.end();
    }
    return sendJson(
      res,
      405,
      {
        error: {
          code: 'method-not-allowed',
          message: text(
            `Méthode ${method} non permise sur ${pathname} (permises : ${allow}).`,
            `Method ${method} not allowed on ${pathname} (allowed: ${allow}).`,
          ),
        },
      },
      method,
      { allow },
    );
  }

  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (e) {
    if (e instanceof TooLarge)
      return sendJson(res, 413, {
        error: { code: 'too-large', message: text('Requête trop volumineuse (100 Mo au plus).', 'Request too large (100 MB at most).') },
      });
    throw e;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(name === 'cookie' ? '; ' : ', ') : value;
  }
  const request = new HttpRequest({
    method: asked,
    url: url.href,
    headers,
    params: found.params,
    ...(body.length > 0 && asked !== 'GET' ? { body: { bytes: body } } : {}),
  });
  const context = new InvocationContext({ functionName: found.route.name, invocationId: randomUUID(), logHandler: contextLog(ctx, found.route.name) });
  const init = await ctx.handlers.get(found.route)!(request, context);
  await writeResponse(res, init, method === 'HEAD');
}

function allowHeader(methods: string[]): string {
  const all = new Set(methods);
  if (all.has('GET')) all.add('HEAD');
  all.add('OPTIONS');
  return [...all].join(', ');
}

/** Writes a function's HttpResponseInit the way the Functions host does: through HttpResponse. */
async function writeResponse(res: http.ServerResponse, init: HttpResponseInit, head: boolean): Promise<void> {
  const response = new HttpResponse(init);
  const bytes = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = [...response.headers.getSetCookie(), ...response.cookies.map(serializeCookie)];
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (![204, 205, 304].includes(response.status)) headers['content-length'] = String(bytes.length);
  res.writeHead(response.status, headers);
  res.end(head ? undefined : bytes);
}

function serializeCookie(c: InstanceType<typeof HttpResponse>['cookies'][number]): string {
  let s = `${c.name}=${c.value}`;
  if (c.domain) s += `; Domain=${c.domain}`;
  if (c.path) s += `; Path=${c.path}`;
  if (c.expires) s += `; Expires=${(typeof c.expires === 'number' ? new Date(c.expires) : c.expires).toUTCString()}`;
  if (c.maxAge !== undefined) s += `; Max-Age=${c.maxAge}`;
  if (c.secure) s += '; Secure';
  if (c.httpOnly) s += '; HttpOnly';
  if (c.sameSite) s += `; SameSite=${c.sameSite}`;
  return s;
}

class TooLarge extends Error {}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function contextLog(ctx: HostContext, name: string) {
  return (level: string, ...args: unknown[]) => {
    if (level === 'trace' || level === 'debug') return;
    ctx.log(`[${name}] ${level} : ${args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  };
}

// ───────────────────────── timers ─────────────────────────

/** `POST /admin/functions/{name}`, body `{"input": ""}`: 202, then the run, as the Functions host does. */
async function serveAdmin(
  ctx: HostContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  method: string,
  pathname: string,
): Promise<void> {
  let name: string;
  try {
    name = decodeURIComponent(pathname.slice('/admin/functions/'.length));
  } catch {
    name = '';
  }
  const timer = ctx.timers.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (!timer) {
    const known = ctx.timers.map((t) => t.name).join(', ') || 'aucune pour l’instant';
    return sendJson(res, 404, { error: { code: 'not-found', message: `Fonction inconnue : « ${name} ». Fonctions minuteur : ${known}.` } }, method);
  }
  if (method !== 'POST') {
    return sendJson(res, 405, { error: { code: 'method-not-allowed', message: `Lancez ${timer.name} par POST, corps {"input": ""}.` } }, method, {
      allow: 'POST',
    });
  }
  await readBody(req).catch(() => Buffer.alloc(0)); // {"input": ""}: read and ignored, as timers take no input
  const context = new InvocationContext({
    functionName: timer.name,
    invocationId: randomUUID(),
    logHandler: contextLog(ctx, timer.name),
    options: { trigger: { type: 'timerTrigger', name: 'timer', schedule: timer.schedule } },
  });
  ctx.log(`Fonction ${timer.name} lancée à la main (${timer.schedule}).`);
  const run = (async () => {
    try {
      await timer.run(ctx.rt, context);
      ctx.log(`Fonction ${timer.name} terminée.`);
    } catch (e) {
      ctx.log(`Fonction ${timer.name} en échec : ${(e as Error)?.stack ?? e}`);
    }
  })();
  ctx.running.add(run);
  void run.finally(() => ctx.running.delete(run));
  res.writeHead(202, { 'content-length': '0' });
  res.end();
}

// ───────────────────────── the tabs ─────────────────────────

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export const contentTypeOf = (file: string) => CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

async function serveTabs(
  ctx: HostContext,
  res: http.ServerResponse,
  method: string,
  pathname: string,
): Promise<void> {
  if (method !== 'GET' && method !== 'HEAD') {
    return sendText(res, 405, `Méthode ${method} non permise sur les onglets.`, method, { allow: 'GET, HEAD' });
  }
  // Segment by segment, decoded: a `..`, a separator or a NUL inside a segment is refused
  // before any path is built (URL parsing has already folded plain and %2e dot segments).
  const segments: string[] = [];
  for (const raw of pathname.slice('/tabs/'.length).split('/')) {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return sendText(res, 400, 'Chemin invalide.', method);
    }
    if (s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0') || path.isAbsolute(s) || /^[A-Za-z]:/.test(s))
      return sendText(res, 400, 'Chemin refusé.', method);
    if (s !== '' && s !== '.') segments.push(s);
  }
  const index = path.join(ctx.tabsDir, 'index.html');
  if (!existsSync(index)) return sendNotBuilt(res, ctx.tabsDir, method);
  if (segments.some((s) => s.startsWith('.'))) return sendText(res, 404, 'Fichier introuvable.', method);

  const file = path.resolve(ctx.tabsDir, ...segments);
  const rel = path.relative(ctx.tabsDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return sendText(res, 400, 'Chemin refusé.', method);

  let target: string | null = null;
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat?.isFile()) target = file;
  else if (stat?.isDirectory() && existsSync(path.join(file, 'index.html'))) target = path.join(file, 'index.html');
  // A client route (/tabs/config, /tabs/projets/42): the page, which routes itself. A
  // missing file (/tabs/assets/x.js) stays a 404, or the browser would run HTML as script.
  else if (!path.extname(segments[segments.length - 1] ?? '')) target = index;
  if (!target) return sendText(res, 404, 'Fichier introuvable.', method);

  const bytes = await readFile(target);
  // Vite names assets by their content hash: cached for good. The page is always revalidated.
  const immutable = segments[0] === 'assets' && target !== index;
  res.writeHead(200, {
    'content-type': contentTypeOf(target),
    'content-length': String(bytes.length),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(method === 'HEAD' ? undefined : bytes);
}

function sendNotBuilt(res: http.ServerResponse, tabsDir: string, method: string): void {
  const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Jalon : onglets à construire</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}code{background:#eee;padding:.1em .3em;border-radius:3px}</style></head>
<body>
<h1>Les onglets de Jalon ne sont pas encore construits</h1>
<p>Le dossier <code>${escapeHtml(tabsDir)}</code> ne contient pas de <code>index.html</code>.</p>
<p>Lancez <code>npm run build:tabs</code>, puis rechargez cette page. L’API, elle, répond déjà sous <a href="/api/health"><code>/api/</code></a>.</p>
<p lang="en"><small>The tabs are not built yet: run <code>npm run build:tabs</code>, then reload.</small></p>
</body>
</html>
`;
  const bytes = Buffer.from(html, 'utf8');
  res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(bytes.length), 'cache-control': 'no-store' });
  res.end(method === 'HEAD' ? undefined : bytes);
}

// ───────────────────────── small answers ─────────────────────────

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(302, { location, 'content-length': '0' });
  res.end();
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, method = 'GET', headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length), ...headers });
  res.end(method === 'HEAD' ? undefined : bytes);
}

function sendText(res: http.ServerResponse, status: number, text: string, method = 'GET', headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(bytes.length), ...headers });
  res.end(method === 'HEAD' ? undefined : bytes);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
