import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';

/** ArgMax / ArgMin along one axis of a dense input; the first extreme wins, NaN beats all. */
function argKernel(name: 'ArgMax' | 'ArgMin'): KernelConfig<'ArgMax' | 'ArgMin', CpuBackend> {
  const better = name === 'ArgMax' ? (v: number, best: number) => v > best : (v: number, best: number) => v < best;
  return {
    name,
    backend: 'cpu',
    run: ({ x }, { axis }, cpu) => {
      const shape = x.shape;
      const out = cpu.output('int32', shape.filter((_, i) => i !== axis));
      const xv = valuesOf(x);
      const n = shape[axis];
      let outer = 1, inner = 1;
      shape.forEach((d, i) => (i < axis ? (outer *= d) : i > axis ? (inner *= d) : 0));
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < inner; k++) {
          const base = o * n * inner + k;
          let best = xv[base];
          let at = 0;
          for (let j = 1; j < n && best === best; j++) {
            const v = xv[base + j * inner];
            if (better(v, best) || v !== v) {
              best = v;
              at = j;
            }
          }
          out.values[o * inner + k] = at;
        }
      }
      return out;
    },
  };
}

export const argReduceKernels = [argKernel('ArgMax'), argKernel('ArgMin')];
