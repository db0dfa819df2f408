import { parentPort } from 'node:worker_threads';
import { instantiateAlsKernels, type AlsKernels } from './kernels/alsKernels.js';
import { updateRows, type AlsLayout, type Side } from './kernels/sharedAlsProblem.js';
import type { WasmMemory, WasmModule } from './kernels/wasmApi.js';

/**
 * Worker thread of the CPU ALS backend. 'init' brings the shared memory, the compiled kernel module, the problem
 * layout and this thread's scratch slot; each 'run' updates a row range of one side in place and answers 'done'
 * (or 'error').
 */
interface InitMessage {
  type: 'init';
  memory: WasmMemory;
  module: WasmModule;
  layout: AlsLayout;
  slot: number;
}

interface RunMessage {
  type: 'run';
  side: Side;
  start: number;
  end: number;
}

let state: { kernels: AlsKernels; layout: AlsLayout; slot: number } | undefined;

parentPort?.on('message', (message: InitMessage | RunMessage) => {
  try {
    if (message.type === 'init') {
      state = { kernels: instantiateAlsKernels(message.memory, message.module), layout: message.layout, slot: message.slot };
      parentPort?.postMessage({ type: 'ready' });
      return;
    }
    if (state === undefined) throw new Error('ALS worker used before init');
    updateRows(state.kernels, state.layout, message.side, message.start, message.end, state.slot);
    parentPort?.postMessage({ type: 'done' });
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
