import { writeFileSync } from 'node:fs';
import { initProcessGroup, destroyProcessGroup } from '@flint/strategy-ddp';
import { allReduceTimes } from './allreduce-times.js';

// A rank process started by `launch` for the tcp all-reduce bench: rank 0 writes the times.
const sizes = (process.env['BENCH_SIZES'] ?? '').split(',').map(Number);
const g = await initProcessGroup({ backend: 'tcp' });
const times = await allReduceTimes(g, sizes);
await destroyProcessGroup();
if (g.rank === 0) writeFileSync(process.env['BENCH_OUT']!, JSON.stringify(times));
