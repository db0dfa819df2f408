import { run } from './test/bench/recommenderModelsBench.js';
const md = await run((l) => console.error(l));
console.log(md);
