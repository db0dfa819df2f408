/**
 * Child process of the ALS benchmark (recommenderAlsRun.ts runOurs): trains our CPU backend on the confidence
 * matrix in spec.dir, prints one JSON line (AlsRunResult) and writes the factors there.
 */
import { writeFileSync } from 'node:fs';
import { memoryUsage } from 'node:process';
import path from 'node:path';
import { silentLogger } from '../../core/logger.js';
import { seededFactors } from '../../recommender/als/alsMath.js';
import { CpuAlsTrainer } from '../../recommender/als/cpuTrainer.js';
import { transpose } from '../../recommender/models/sparse.js';
import { readConfidenceMatrix, type AlsRunResult, type AlsRunSpec } from './recommenderAlsRun.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as AlsRunSpec;
const baselineRssMiB = memoryUsage.rss() / 2 ** 20;
const userItems = readConfidenceMatrix(spec.dir);
const problem = {
  userItems,
  itemUsers: transpose(userItems),
  factors: spec.factors,
  regularization: spec.regularization,
  iterations: spec.iterations,
  cgSteps: spec.cgSteps,
  userFactors: seededFactors(userItems.rows, spec.factors, spec.seed),
  itemFactors: seededFactors(userItems.cols, spec.factors, spec.seed + 1),
};
const trainer = new CpuAlsTrainer({ workers: spec.threads, minInteractionsForWorkers: 0, logger: silentLogger() });
const secondsPerIteration: number[] = [];
const cpuSecondsPerIteration: number[] = [];
let wall = performance.now();
let cpu = process.cpuUsage();
await trainer.train(problem, {
  onIteration: () => {
    const used = process.cpuUsage(cpu);
    secondsPerIteration.push((performance.now() - wall) / 1000);
    cpuSecondsPerIteration.push((used.user + used.system) / 1e6);
    wall = performance.now();
    cpu = process.cpuUsage();
  },
});
writeFileSync(path.join(spec.dir, 'ours-users.f32'), problem.userFactors);
writeFileSync(path.join(spec.dir, 'ours-items.f32'), problem.itemFactors);
const result: AlsRunResult = {
  label: `csbot cpu (${spec.threads} worker threads)`,
  secondsPerIteration,
  cpuSecondsPerIteration,
  baselineRssMiB,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  userFactorsFile: 'ours-users.f32',
  itemFactorsFile: 'ours-items.f32',
};
process.stdout.write(`${JSON.stringify(result)}\n`);
