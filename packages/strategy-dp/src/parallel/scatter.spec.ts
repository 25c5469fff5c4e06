import { describe, expect, it } from 'vitest';
import { ShapeError, arange, reshape, tensor, type Tensor } from '@flint/core';
import { registerLogicalCpuDevices } from '../devices/logical-cpu-devices.js';
import { chunkSpans, scatter } from './scatter.js';

registerLogicalCpuDevices(3);
const D3 = ['vcpu:0', 'vcpu:1', 'vcpu:2'];
const rows = (n: number, cols = 2): Tensor => reshape(arange(0, n * cols), [n, cols]);

describe('scatter', () => {
  it('cuts as torch.chunk: ceil(n/k) rows per piece, fewer pieces when the batch is small', () => {
    expect(chunkSpans(6, 3)).toEqual([[0, 2], [2, 2], [4, 2]]);
    expect(chunkSpans(5, 2)).toEqual([[0, 3], [3, 2]]);
    expect(chunkSpans(4, 3)).toEqual([[0, 2], [2, 2]]);
    expect(chunkSpans(1, 3)).toEqual([[0, 1]]);
  });

  it('sends piece i to device i, through arrays and plain objects; other values are shared', async () => {
    const x = rows(5);
    const y = tensor([0, 1, 2, 3, 4]);
    const marker = new Map<string, number>();
    const pieces = scatter([{ x, pair: [y, 'label'] }, 2.5, marker] as const, D3, 0);
    expect(pieces).toHaveLength(3); // 5 rows on 3 devices: 2, 2, 1
    const [p0, p2] = [pieces[0], pieces[2]];
    expect(p0[0].x.device).toBe('vcpu:0');
    expect(p2[0].x.device).toBe('vcpu:2');
    expect(await p2[0].x.toArray()).toEqual([[8, 9]]);
    expect(await (pieces[1][0].pair[0] as Tensor).toArray()).toEqual([2, 3]);
    expect(pieces.map((p) => [p[0].pair[1], p[1], p[2]])).toEqual(Array(3).fill(['label', 2.5, marker]));
    expect(pieces[1][2]).toBe(marker);
  });

  it('cuts along another dim, and a negative one', async () => {
    const x = rows(2, 4); // [[0,1,2,3],[4,5,6,7]]
    const [a, b] = scatter([x], D3.slice(0, 2), 1);
    expect(await a[0].toArray()).toEqual([[0, 1], [4, 5]]);
    expect(await b[0].toArray()).toEqual([[2, 3], [6, 7]]);
    expect((await scatter([x], D3.slice(0, 2), -1)[1][0].toArray())).toEqual([[2, 3], [6, 7]]);
  });

  it('refuses an empty batch, a dim out of range, a 0-d tensor and inputs without tensors', () => {
    expect(() => scatter([{ x: rows(0) }], D3, 0)).toThrow(ShapeError);
    expect(() => scatter([{ x: rows(0) }], D3, 0)).toThrow('DataParallel: cannot scatter an empty batch: input[0].x of shape [0,2] has size 0 along dim 0');
    expect(() => scatter([rows(4)], D3, 2)).toThrow('DataParallel: dim 2 is out of range for input[0] of shape [4,2] (expected a dim in [-2, 1])');
    expect(() => scatter([tensor(3)], D3, 0)).toThrow('DataParallel: cannot scatter input[0]: it is a zero-dimensional tensor');
    expect(() => scatter([1, 'a'], D3, 0)).toThrow('DataParallel: the inputs hold no tensor to scatter');
  });
});
