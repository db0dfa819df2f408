import { parentPort } from 'node:worker_threads';
import { instantiateAlsKernels, type AlsKernels } from './kernels/alsKernels.js';
import { updateRowsFromCounter, type AlsLayout, type Side } from './kernels/sharedAlsProblem.js';
import type { WasmMemory, WasmModule } from './kernels/wasmApi.js';

/**
 * Worker thread of the CPU ALS backend. 'init' brings the shared memory, the compiled kernel module, the problem
 * layout and this thread's scratch slot; on each 'run' the thread takes rows of one side from the shared counter
 * until none are left, updates them in place and answers 'done' (or 'error').
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
}

let state: { kernels: AlsKernels; layout: AlsLayout; counter: Int32Array; slot: number } | undefined;

parentPort?.on('message', (message: InitMessage | RunMessage) => {
  try {
    if (message.type === 'init') {
      const counter = new Int32Array(message.memory.buffer, message.layout.rowCounter, 1);
      state = { kernels: instantiateAlsKernels(message.memory, message.module), layout: message.layout, counter, slot: message.slot };
      parentPort?.postMessage({ type: 'ready' });
      return;
    }
    if (state === undefined) throw new Error('ALS worker used before init');
    updateRowsFromCounter(state.kernels, state.layout, message.side, state.counter, state.slot);
    parentPort?.postMessage({ type: 'done' });
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
