// A small benchmark harness, no framework: each step of a case is run untimed (warm-up),
// then N times timed, the steps taking turns; its median is compared with the median of its
// case's baseline, measured in the same run on the same machine. Absolute milliseconds say little
// from one machine to the next; the ratio to the baseline is the figure to compare.

/**
 * What one call did besides taking time, by name, counted by the step itself (the Cosmos DB
 * requests a call made, their request units…): shown per call beside the times.
 */
export type Figures = Record<string, number>;

/** One timed iteration: prepared untimed, run timed, disposed untimed. */
export interface Trial<R = unknown> {
  run(): Promise<R>;
  /**
   * Untimed, after `run`: checks what it returned (throw to abort the bench) and frees what
   * it used. May answer figures of this call (see Figures).
   */
  done?(result: R): Promise<Figures | void> | Figures | void;
}

export interface Step {
  /** What the line measures, as shown in the table. */
  label: string;
  /** The case's reference: every line of the case is reported as a multiple of its median. One per case. */
  baseline?: boolean;
  /** Timed iterations for this step when fewer than --iterations are enough (a slow step); capped by --iterations. */
  maxIterations?: number;
  /** Untimed: what one iteration needs (a fresh store…). Called once per warm-up and per timed iteration. */
  trial(): Promise<Trial> | Trial;
}

export interface CaseContext {
  steps: Step[];
  /** Untimed, once the case's steps are all measured. */
  dispose?(): Promise<void> | void;
}

/**
 * A case: one input, several steps over it. Later cases (the dashboard's latency beside a
 * raw store read, for instance) are added to the CASES array in cases.ts.
 */
export interface BenchCase {
  id: string;
  title: string;
  /** The rows each step handles, for rows/s. */
  rows: number;
  /** Untimed, once per run: reads or generates the input, and gives the steps. */
  setup(): Promise<CaseContext>;
}

export interface Options {
  iterations: number;
  warmup: number;
  /** Progress lines (stderr). */
  log(line: string): void;
}

export interface StepResult {
  caseId: string;
  caseTitle: string;
  label: string;
  baseline: boolean;
  rows: number;
  iterations: number;
  samples: number[];
  medianMs: number;
  minMs: number;
  /** median / the case baseline's median; 1 for the baseline itself. */
  ratio: number;
  /** The figures its trials answered, one sample per timed run, by name; empty when they answer none. */
  figures: Record<string, number[]>;
}

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/** A full collection between iterations, when node runs with --expose-gc: less noise from the previous one's garbage. */
function collect(): void {
  gc?.();
}

export const gcExposed = (): boolean => gc !== undefined;

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function once(step: Step): Promise<{ ms: number; figures: Figures }> {
  const trial = await step.trial();
  collect();
  const start = performance.now();
  const result = await trial.run();
  const ms = performance.now() - start;
  const figures = (await trial.done?.(result)) ?? {};
  return { ms, figures };
}

export async function runCase(bench: BenchCase, options: Options): Promise<StepResult[]> {
  const { log } = options;
  log(`▸ ${bench.title}: setting up…`);
  const setupStart = performance.now();
  const context = await bench.setup();
  log(`  set up in ${Math.round(performance.now() - setupStart)} ms`);
  const baselines = context.steps.filter((s) => s.baseline);
  if (baselines.length !== 1) throw new Error(`case ${bench.id}: ${baselines.length} baseline steps, expected exactly 1`);

  // Interleaved: timed round i runs every step once, baseline first, so that the machine
  // speeding up or slowing down during the run (other processes, CPU boost, a 2-core VM)
  // weighs on the baseline and the steps alike and the ratios stay put.
  const plan = context.steps.map((step) => ({
    step,
    iterations: Math.max(1, Math.min(options.iterations, step.maxIterations ?? Infinity)),
    samples: [] as number[],
    figures: {} as Record<string, number[]>,
  }));
  const measured: Array<Omit<StepResult, 'ratio'>> = [];
  try {
    for (const { step } of plan) for (let i = 0; i < options.warmup; i++) await once(step);
    for (let round = 0; round < options.iterations; round++) {
      for (const p of plan) {
        if (round >= p.iterations) continue;
        const { ms, figures } = await once(p.step);
        p.samples.push(ms);
        for (const [name, value] of Object.entries(figures)) (p.figures[name] ??= []).push(value);
      }
    }
    for (const { step, iterations, samples, figures } of plan) {
      const result = {
        caseId: bench.id,
        caseTitle: bench.title,
        label: step.label,
        baseline: step.baseline ?? false,
        rows: bench.rows,
        iterations,
        samples,
        medianMs: median(samples),
        minMs: Math.min(...samples),
        figures,
      };
      measured.push(result);
      const counted = Object.entries(figures).map(([name, values]) => ` · ${name} per call: ${values.join(', ')}`).join('');
      log(`  ${step.label}: median ${result.medianMs.toFixed(1)} ms, min ${result.minMs.toFixed(1)} ms (${samples.map((s) => Math.round(s)).join(', ')})${counted}`);
    }
  } finally {
    await context.dispose?.();
  }
  const base = measured.find((r) => r.baseline)!.medianMs;
  return measured.map((r) => ({ ...r, ratio: r.medianMs / base }));
}
