/** `npm run build:kernels`: recompiles the ALS WebAssembly kernels and rewrites alsKernelsWasm.ts. */
import { writeFileSync } from 'node:fs';
import { compileAlsKernels, KERNEL_MODULE, kernelModuleSource } from './compileKernels.js';

const binary = await compileAlsKernels();
writeFileSync(KERNEL_MODULE, kernelModuleSource(binary));
process.stdout.write(`wrote ${KERNEL_MODULE} (${binary.length} bytes of WebAssembly)\n`);
