import { fromValues } from '@flint/core';
import { ProcessGroupError } from '../errors.js';
import type { ProcessGroup } from '../process-group.js';

export interface RingAddress {
  readonly host: string;
  readonly port: number;
}

/** Every rank's IPv4 address and port, in rank order, through one all-gather on `group`. */
export async function exchangeAddresses(group: ProcessGroup, mine: RingAddress): Promise<RingAddress[]> {
  const octets = mine.host.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !(o >= 0 && o <= 255))) {
    throw new ProcessGroupError(`blocking collectives over tcp need an IPv4 address, this rank has '${mine.host}'`);
  }
  const t = fromValues(new Int32Array([...octets, mine.port]), [5], { dtype: 'int32' });
  const parts = await group.allGather(t).wait();
  t.dispose();
  const out: RingAddress[] = [];
  for (const p of parts) {
    const v = await p.data();
    out.push({ host: Array.from(v.subarray(0, 4)).join('.'), port: v[4] });
    p.dispose();
  }
  return out;
}
