import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildInteractionMatrix } from '../../recommender/models/interactionMatrix.js';
import { holdOutOnePerUser, hitRateAt10, readFactors, runOurs, writeConfidenceMatrix, type AlsRunResult, type AlsRunSpec } from './recommenderAlsRun.js';
import { implicitPython, runImplicit } from './recommenderImplicit.js';
import { syntheticInteractions } from './syntheticInteractions.js';

/**
 * ALS against benfred/implicit on the same confidence matrix (1 + alpha · weight of the synthetic 1M interactions,
 * one held-out cell per user), same factors, regularisation, CG steps and threads. Runs alternate (implicit, ours,
 * implicit, ours) so both see the same machine load; each run is a fresh process, so peak RSS is its own.
 */
export interface AlsCompareOptions {
  users: number;
  items: number;
  perUser: number;
  iterations: number;
  rounds: number;
  threads: number;
}

const ALPHA = 1.25;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
/** Iteration 1 also pays for start-up (workers, transposes): steady state is iterations 2..n. */
const steady = (values: readonly number[]): number => median(values.length > 1 ? values.slice(1) : values);

export async function compareAlsWithImplicit(options: AlsCompareOptions, log: (line: string) => void): Promise<string> {
  const matrix = await buildInteractionMatrix(syntheticInteractions(options.users, options.items, options.perUser, 7));
  const confidence = { ...matrix.userItems, values: Float32Array.from(matrix.userItems.values, (w) => 1 + ALPHA * w) };
  const { train, heldOut } = holdOutOnePerUser(confidence, 11);
  const dir = mkdtempSync(path.join(tmpdir(), 'csbot-als-'));
  const spec: AlsRunSpec = { dir, factors: 64, regularization: 10, iterations: options.iterations, cgSteps: 3, threads: options.threads, seed: 42 };
  const python = implicitPython();
  const ours: AlsRunResult[] = [];
  const reference: AlsRunResult[] = [];
  let referenceNote = python === undefined ? 'reference absent: set IMPLICIT_PYTHON to a Python that imports implicit 0.7.3' : '';
  let quality = '';
  try {
    writeConfidenceMatrix(dir, train);
    for (let round = 1; round <= options.rounds; round++) {
      if (python !== undefined && referenceNote === '') {
        const outcome = await runImplicit(python, spec);
        if (outcome.ok) {
          reference.push(outcome.result);
          log(`implicit round ${round}: ${steady(outcome.result.secondsPerIteration).toFixed(3)} s/iteration`);
        } else referenceNote = `reference absent: ${outcome.reason}`;
      }
      const run = await runOurs(spec);
      ours.push(run);
      log(`ours round ${round}: ${steady(run.secondsPerIteration).toFixed(3)} s/iteration`);
    }
    const hr = (run: AlsRunResult) => hitRateAt10(readFactors(dir, run.userFactorsFile), readFactors(dir, run.itemFactorsFile), spec.factors, train, heldOut);
    const ourHr = hr(ours[ours.length - 1]);
    const refHr = reference.length > 0 ? hr(reference[reference.length - 1]) : undefined;
    // Paired difference of two hit rates over the same users: noise ≈ 2 · √2 · SE.
    const noise = 2 * Math.SQRT2 * ourHr.se;
    quality =
      refHr === undefined
        ? `HR@10 (leave-one-out, ${ourHr.users} users): ours ${ourHr.hr.toFixed(3)} ± ${ourHr.se.toFixed(3)}; reference absent.`
        : `HR@10 (leave-one-out, ${ourHr.users} users): ours ${ourHr.hr.toFixed(3)}, implicit ${refHr.hr.toFixed(3)}; difference ${(ourHr.hr - refHr.hr).toFixed(3)}, noise (2·√2·SE) ${noise.toFixed(3)} → ${Math.abs(ourHr.hr - refHr.hr) <= noise ? 'within noise' : 'OUTSIDE noise'}.`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cells = train.indices.length;
  const row = (run: AlsRunResult): string =>
    `| ${run.label} | ${run.secondsPerIteration.map((s) => s.toFixed(2)).join(', ')} | ${steady(run.secondsPerIteration).toFixed(3)} | ${steady(run.cpuSecondsPerIteration).toFixed(2)} | ${run.baselineRssMiB.toFixed(0)} | ${run.peakRssMiB.toFixed(0)} |`;
  const lines = [
    `Confidence matrix: ${options.users.toLocaleString('en')} users × ${options.items.toLocaleString('en')} items, ${(options.users * options.perUser).toLocaleString('en')} synthetic interactions → ${cells.toLocaleString('en')} cells (one per user held out), confidence 1 + ${ALPHA}·weight; 64 factors, λ = 10, 3 CG steps, ${options.threads} threads, ${options.iterations} iterations per run, ${options.rounds} alternating rounds.`,
    '',
    '| run | s per iteration (1..n) | steady s/iteration (median 2..n) | CPU-s/iteration | baseline RSS MiB | peak RSS MiB |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...reference.flatMap((run, k) => [row(run), ...(ours[k] === undefined ? [] : [row(ours[k])])]),
    ...ours.slice(reference.length).map(row),
    '',
  ];
  if (reference.length > 0) {
    lines.push('Reference: implicit built from its public source outside this repository, run through `IMPLICIT_PYTHON` with OPENBLAS_NUM_THREADS=1 (implicit\'s own advice), `use_cg=True`, `cg_steps = 3`, `num_threads` as above, alpha 1 on the same confidences.', '');
    const ratios = reference.map((ref, k) => steady(ours[k].secondsPerIteration) / steady(ref.secondsPerIteration));
    const cpuRatios = reference.map((ref, k) => steady(ours[k].cpuSecondsPerIteration) / steady(ref.cpuSecondsPerIteration));
    const ourPeak = Math.max(...ours.map((r) => r.peakRssMiB));
    const refPeak = Math.max(...reference.map((r) => r.peakRssMiB));
    const ourBaseline = median(ours.map((r) => r.baselineRssMiB));
    const ratio = median(ratios);
    lines.push(
      `- **Seconds per iteration: ${ratio.toFixed(2)}× implicit** (median of per-round ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal ≤ 1.0×: ${ratio <= 1 ? 'met' : 'NOT met'}). CPU-seconds per iteration: ${median(cpuRatios).toFixed(2)}× implicit.`,
      `- **Peak RSS: ${ourPeak.toFixed(0)} MiB** against 2 × implicit (${refPeak.toFixed(0)} MiB) + our process baseline (${ourBaseline.toFixed(0)} MiB) = ${(2 * refPeak + ourBaseline).toFixed(0)} MiB: ${ourPeak <= 2 * refPeak + ourBaseline ? 'met' : 'NOT met'}. Above each baseline: ours ${(ourPeak - ourBaseline).toFixed(0)} MiB, implicit ${(refPeak - median(reference.map((r) => r.baselineRssMiB))).toFixed(0)} MiB.`,
    );
  } else {
    lines.push(`- ${referenceNote}`);
  }
  lines.push(`- ${quality}`);
  return lines.join('\n');
}
