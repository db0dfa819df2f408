import { spawn } from 'node:child_process';
import type { AlsRunResult, AlsRunSpec } from './recommenderAlsRun.js';

/**
 * The reference side of the ALS benchmark: benfred/implicit's CPU ALS timed on the same confidence matrix, in a
 * Python that can import it. implicit is not part of this project: build it yourself outside the repository and
 * point IMPLICIT_PYTHON at an interpreter that imports it (PYTHONPATH may be set as usual). Without it the bench
 * says "reference absent". The script only calls implicit's public API; it writes the factors for HR@10.
 */
const SCRIPT = String.raw`
import json, os, resource, sys, time
import numpy as np, scipy.sparse as sp
import implicit
from implicit.cpu.als import AlternatingLeastSquares

def rss_mib():
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024

spec = json.loads(sys.argv[1])
d = spec['dir']
baseline = rss_mib()
meta = json.load(open(os.path.join(d, 'meta.json')))
indptr = np.fromfile(os.path.join(d, 'indptr.i32'), dtype=np.int32)
indices = np.fromfile(os.path.join(d, 'indices.i32'), dtype=np.int32)
data = np.fromfile(os.path.join(d, 'confidence.f32'), dtype=np.float32)
user_items = sp.csr_matrix((data, indices, indptr), shape=(meta['rows'], meta['cols']))
model = AlternatingLeastSquares(factors=spec['factors'], regularization=spec['regularization'], alpha=1.0,
                                iterations=spec['iterations'], use_cg=True, num_threads=spec['threads'],
                                calculate_training_loss=False, random_state=spec['seed'])
model.cg_steps = spec['cgSteps']
seconds, cpu = [], []
last_cpu = [time.process_time()]
def on_iteration(iteration, elapsed, loss):
    seconds.append(elapsed)
    now = time.process_time()
    cpu.append(now - last_cpu[0])
    last_cpu[0] = now
model.fit(user_items, show_progress=False, callback=on_iteration)
np.ascontiguousarray(model.user_factors, dtype=np.float32).tofile(os.path.join(d, 'implicit-users.f32'))
np.ascontiguousarray(model.item_factors, dtype=np.float32).tofile(os.path.join(d, 'implicit-items.f32'))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({'label': 'implicit ' + implicit.__version__, 'secondsPerIteration': seconds, 'cpuSecondsPerIteration': cpu,
                  'baselineRssMiB': baseline, 'peakRssMiB': peak, 'userFactorsFile': 'implicit-users.f32', 'itemFactorsFile': 'implicit-items.f32'}))
`;

export type ImplicitOutcome = { ok: true; result: AlsRunResult } | { ok: false; reason: string };

export function implicitPython(): string | undefined {
  const python = process.env.IMPLICIT_PYTHON;
  return python === undefined || python === '' ? undefined : python;
}

export function runImplicit(python: string, spec: AlsRunSpec): Promise<ImplicitOutcome> {
  return new Promise((resolve) => {
    // implicit's own advice: one BLAS thread, parallelism from its own threads.
    const child = spawn(python, ['-c', SCRIPT, JSON.stringify(spec)], { env: { ...process.env, OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ ok: false, reason: `cannot start ${python}: ${error.message}` }));
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        resolve({ ok: false, reason: `implicit run failed (exit ${code}): ${stderr.trim().split('\n').at(-1) ?? ''}` });
        return;
      }
      resolve({ ok: true, result: JSON.parse(line) as AlsRunResult });
    });
  });
}
