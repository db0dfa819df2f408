import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { initTfjs } from '../../core/tfjs.js';
import type { AlsTrainer } from './alsTrainer.js';
import { CpuAlsTrainer } from './cpuTrainer.js';
import { TfjsAlsTrainer } from './tfjsTrainer.js';

export type AlsBackendPreference = 'auto' | 'tfjs-gpu' | 'tfjs-wasm' | 'cpu';

export interface AlsBackendOptions {
  workers: number;
  minInteractionsForWorkers: number;
  tfjsBatchCells?: number;
  logger: Logger;
}

/**
 * Picks the ALS training backend. 'auto' = TF.js on the tensorflow (GPU) backend when it starts, else 'cpu'
 * (worker threads: faster than wasm). An explicit choice that cannot start throws BACKEND_UNAVAILABLE; there is
 * never a silent switch. The choice is always logged.
 */
export async function selectAlsTrainer(preference: AlsBackendPreference, options: AlsBackendOptions): Promise<AlsTrainer> {
  const { logger } = options;
  const cpu = (): AlsTrainer =>
    new CpuAlsTrainer({ workers: options.workers, minInteractionsForWorkers: options.minInteractionsForWorkers, logger });
  let trainer: AlsTrainer;
  let unavailable: string | undefined;
  if (preference === 'cpu') {
    trainer = cpu();
  } else if (preference === 'tfjs-wasm') {
    await startTfjs('wasm', preference, logger);
    trainer = new TfjsAlsTrainer('tfjs-wasm', options.tfjsBatchCells);
  } else if (preference === 'tfjs-gpu') {
    await startTfjs('tensorflow', preference, logger);
    trainer = new TfjsAlsTrainer('tfjs-gpu', options.tfjsBatchCells);
  } else {
    try {
      await initTfjs('tensorflow', logger);
      trainer = new TfjsAlsTrainer('tfjs-gpu', options.tfjsBatchCells);
    } catch (error) {
      unavailable = `tfjs-gpu (${error instanceof Error ? error.message : String(error)})`;
      trainer = cpu();
    }
  }
  logger.info(
    { requested: preference, backend: trainer.backend, unavailable },
    `ALS trains on backend '${trainer.backend}'${unavailable === undefined ? '' : `; unavailable: ${unavailable}`}`,
  );
  return trainer;
}

async function startTfjs(name: 'wasm' | 'tensorflow', preference: AlsBackendPreference, logger: Logger): Promise<void> {
  try {
    await initTfjs(name, logger);
  } catch (error) {
    throw new AppError('BACKEND_UNAVAILABLE', `ALS backend '${preference}' is unavailable: TF.js '${name}' could not be started`, {
      cause: error,
      details: { requested: preference },
    });
  }
}
