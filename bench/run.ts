// npm run bench [-- --iterations N] [--warmup N] [--only <case>] [--no-write]
//
// Import throughput for the real Paris csv and a generated city-scale plan, each beside a
// bare read of the same bytes measured in the same run. Prints a Markdown table and writes
// it at the top of bench/README.md, between the bench:start and bench:end markers (the
// hand-written text below them is kept). See bench/README.md for how to read it.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CASES } from './cases.ts';
import { gcExposed, median, runCase, type StepResult } from './harness.ts';

const README = fileURLToPath(new URL('./README.md', import.meta.url));
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const DEFAULT_ITERATIONS = 5;
const DEFAULT_WARMUP = 1;

const USAGE = `usage: npm run bench -- [--iterations N] [--warmup N] [--only ${CASES.map((c) => c.id).join('|')}] [--no-write]`;

function positiveInt(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) usageError(`--${name} wants an integer ≥ ${min}, got « ${text} »`);
  return n;
}

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function readFlags() {
  try {
    return parseArgs({
      options: {
        iterations: { type: 'string' },
        warmup: { type: 'string' },
        only: { type: 'string' },
        'no-write': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
}

const flags = readFlags();
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

const iterations = positiveInt('iterations', flags.iterations, DEFAULT_ITERATIONS, 1);
const warmup = positiveInt('warmup', flags.warmup, DEFAULT_WARMUP, 0);
const cases = flags.only ? CASES.filter((c) => c.id === flags.only) : CASES;
if (cases.length === 0) usageError(`no case « ${flags.only} »`);
// A partial run must not replace the full table.
const write = !flags['no-write'] && !flags.only;

/** The command that reproduces this run. */
function command(): string {
  const extra = [
    iterations === DEFAULT_ITERATIONS ? '' : `--iterations ${iterations}`,
    warmup === DEFAULT_WARMUP ? '' : `--warmup ${warmup}`,
    flags.only ? `--only ${flags.only}` : '',
  ].filter(Boolean);
  return extra.length ? `npm run bench -- ${extra.join(' ')}` : 'npm run bench';
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 100 ? n.toFixed(1) : int(n));

/** One figure over the timed runs: its median, and its range when the runs differ. */
function figure(values: number[]): string {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? int(min) : `${int(median(values))} (${int(min)}–${int(max)})`;
}

/** What a step counted per call (Cosmos DB requests, request units), beside its times. */
function perCall(r: StepResult): string {
  return Object.entries(r.figures)
    .map(([name, values]) => `${figure(values)} ${name}`)
    .join(' · ');
}

function table(results: StepResult[]): string {
  // The « per call » column only when some step counts something.
  const counts = results.some((r) => Object.keys(r.figures).length > 0);
  const lines = [
    `| case | step | runs | median ms | min ms | rows/s | × baseline |${counts ? ' per call |' : ''}`,
    `|---|---|--:|--:|--:|--:|--:|${counts ? '--:|' : ''}`,
  ];
  let previous = '';
  for (const r of results) {
    const caseCell = r.caseTitle === previous ? '' : r.caseTitle;
    previous = r.caseTitle;
    const rowsPerSecond = (r.rows / r.medianMs) * 1000;
    const step = r.baseline ? `**${r.label}**` : r.label;
    lines.push(
      `| ${caseCell} | ${step} | ${r.iterations} | ${ms(r.medianMs)} | ${ms(r.minMs)} | ${int(rowsPerSecond)} | ${r.ratio.toFixed(2)}× |` +
        (counts ? ` ${perCall(r)} |` : ''),
    );
  }
  return lines.join('\n');
}

/** What the SQLite commit adds: the full import's median minus the dry run's. */
function storeShare(results: StepResult[]): string[] {
  const lines: string[] = [];
  for (const c of cases) {
    const of = (prefix: string) => results.find((r) => r.caseId === c.id && r.label.startsWith(prefix));
    const dry = of('importPlan, dry run');
    const full = of('importPlan:');
    if (!dry || !full) continue;
    const commit = full.medianMs - dry.medianMs;
    lines.push(`- ${c.title}: the store's commit adds ≈ ${ms(commit)} ms, ${Math.round((commit / full.medianMs) * 100)} % of the import.`);
  }
  return lines;
}

/**
 * The Cosmos DB requests a step makes per call, across the cases that count them: the
 * dashboard's stay put from Paris to the city-scale plan, loadPlan's grow with the plan.
 */
function requestLines(results: StepResult[]): string[] {
  const lines: string[] = [];
  const labels = [...new Set(results.filter((r) => r.figures.requests).map((r) => r.label))];
  for (const label of labels) {
    const per = results
      .filter((r) => r.label === label && r.figures.requests)
      .map((r, i) => `${figure(r.figures.requests!)}${i === 0 ? ' Cosmos DB requests per call' : ''} for ${int(r.rows)} records`);
    lines.push(`- ${label}: ${per.join(', ')}.`);
  }
  return lines;
}

function machine(): string {
  const cpus = os.cpus();
  const model = (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  return `${model}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.arch()}, Node ${process.version}`;
}

/** A load well above the core count while the bench ran means other processes shared the CPU: the figures are noisy. */
function block(results: StepResult[], started: Date, seconds: number, load: { before: number; after: number }): string {
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const capped = results.filter((r) => r.iterations < iterations);
  return [
    START,
    '',
    `**Last run:** ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC · **Machine:** ${machine()}`,
    '',
    `**Command:** \`${command()}\` · ${warmup} warm-up run(s) then ${iterations} timed runs per step` +
      (capped.length ? ` (${[...new Set(capped.map((r) => `${r.iterations} for « ${r.label} » of the ${r.caseId} case`))].join(', ')})` : '') +
      ` · gc between runs: ${gcExposed() ? 'yes' : 'no'} · peak RSS ${maxRssMb} MB · ${Math.round(seconds)} s in all` +
      ` · load average (1 min) ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after`,
    '',
    table(results),
    '',
    ...storeShare(results),
    ...requestLines(results),
    '',
    END,
  ].join('\n');
}

function writeReadme(text: string): void {
  const current = existsSync(README) ? readFileSync(README, 'utf8') : '';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + text + current.slice(end + END.length)
      : `${text}\n\n${current}`;
  writeFileSync(README, next);
}

async function main(): Promise<void> {
  const started = new Date();
  const loadBefore = os.loadavg()[0] ?? 0;
  const t0 = performance.now();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`jalon bench · ${machine()} · ${command()}${gcExposed() ? '' : ' · gc not exposed (run through npm run bench)'}`);
  const results: StepResult[] = [];
  for (const c of cases) results.push(...(await runCase(c, { iterations, warmup, log })));
  const seconds = (performance.now() - t0) / 1000;

  console.log(`\n${table(results)}\n`);
  for (const line of [...storeShare(results), ...requestLines(results)]) console.log(line);
  if (write) {
    writeReadme(block(results, started, seconds, { before: loadBefore, after: os.loadavg()[0] ?? 0 }));
    log(`\nbench/README.md updated (${Math.round(seconds)} s).`);
  } else {
    log(`\nbench/README.md left as it is (${flags.only ? '--only' : '--no-write'}; ${Math.round(seconds)} s).`);
  }
}

main().catch((error: unknown) => {
  console.error(`\nBENCH FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
