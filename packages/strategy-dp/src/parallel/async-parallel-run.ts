import { isGradEnabled, noGrad, tidy, toDevice, type AnyModule, type Tensor } from '@flint/core';
import type { ResolvedParallelConfig } from '../options/resolve-options.js';
import { gather } from './gather.js';
import { mapTensors, tensorsIn } from './nested.js';
import { Replica } from './replica.js';
import { inReplica } from './replica-error.js';
import type { ReplicaApply } from './parallel-forward.js';
import { planScatter } from './scatter.js';

/** A replica output that was copied to the output device: the copy is a leaf whose gradient goes back. */
interface MovedOutput {
  readonly source: Tensor;
  readonly leaf: Tensor;
}

interface ReplicaWork {
  readonly device: string;
  readonly replica: Replica;
  /** Input pieces copied onto this replica's device (freed with the run). */
  readonly pieces: Tensor[];
  readonly moved: MovedOutput[];
  /** The replica's own output tensors (on its device). */
  readonly outputs: Tensor[];
}

/** Input pieces for one replica: views where the device matches, else awaited copies. */
async function copyPieces(inputs: readonly unknown[], device: string, pick: (t: Tensor) => Tensor): Promise<Map<Tensor, Tensor>> {
  const out = new Map<Tensor, Tensor>();
  for (const [, t] of tensorsIn(inputs, '')) {
    if (out.has(t)) continue;
    const piece = pick(t);
    const moved = piece.device === device ? piece : await toDevice(piece, device);
    if (piece !== t && moved !== piece) piece.dispose();
    out.set(t, moved);
  }
  return out;
}

/** The output tensors not on `device`, copied there as new graph-free tensors. */
async function copyOutputs(value: unknown, device: string): Promise<Map<Tensor, Tensor>> {
  const out = new Map<Tensor, Tensor>();
  for (const [, t] of tensorsIn(value, '')) {
    if (out.has(t) || t.device === device) continue;
    const handle = t.detach();
    out.set(t, await toDevice(handle, device));
    handle.dispose();
  }
  return out;
}

/**
 * One DataParallel forward on devices that read asynchronously (WebGPU: each device its own
 * `GPUDevice`, so a copy between two of them is a read-back and an upload). No autograd edge
 * can cross such devices synchronously, so the run keeps what backward needs: each replica's
 * parameter copies are leaves, each output copied to the output device is a leaf, and
 * `finishBackward()` (after `loss.backward()`) sends the output gradients back to the
 * replicas, runs their backward, and adds their parameter gradients into the module's, in
 * replica order. Replicas dispatch one after the other and run concurrently on their devices.
 * Gradients do not flow back into input tensors through a copy between such devices.
 */
export class AsyncParallelRun {
  private constructor(
    private readonly work: readonly ReplicaWork[],
    /** Tensors handed to the caller (a lone replica's output is returned as is): never freed here. */
    private readonly returned: ReadonlySet<Tensor> = new Set(),
  ) {}

  /** Whether `finishBackward` has gradients to carry (false under `noGrad`). */
  get needsBackward(): boolean {
    return this.work.some((w) => w.moved.some((m) => m.leaf.requiresGrad) || w.replica.parameterCopies().length > 0) && isGradEnabled();
  }

  static async start<In extends readonly unknown[], Out>(module: AnyModule, inputs: In, cfg: ResolvedParallelConfig, apply: ReplicaApply<In, Out>): Promise<{ run: AsyncParallelRun; output: Out }> {
    const plan = planScatter(inputs, cfg.deviceIds.length, cfg.dim);
    const src = cfg.deviceIds[0];
    const prepared = await Promise.all(
      Array.from({ length: plan.replicas }, async (_, i) => {
        const device = cfg.deviceIds[i];
        const copies = await copyPieces(inputs, device, (t) => plan.piece(t, i));
        const args = mapTensors(inputs, (t) => copies.get(t)) as In;
        const pieces = [...copies.values()].filter((c) => c.device === device && !inputsHold(inputs, c));
        return { device, args, pieces, replica: await Replica.ofAsync(module, device, src) };
      }),
    );
    const outs: unknown[] = [];
    const work: ReplicaWork[] = [];
    for (let i = 0; i < prepared.length; i++) {
      const p = prepared[i];
      work.push({ device: p.device, replica: p.replica, pieces: p.pieces, moved: [], outputs: [] });
      try {
        // tidy frees the replica's intermediates; backward keeps what it saved.
        const out: unknown = tidy(() => p.replica.run(() => apply(p.args) as never));
        for (const [, t] of tensorsIn(out, '')) work[i].outputs.push(t);
        outs.push(out);
      } catch (e) {
        new AsyncParallelRun(work).dispose();
        throw inReplica(e, i, p.device);
      } finally {
        p.replica.releaseBuffers();
      }
    }
    const grad = isGradEnabled();
    const local = await Promise.all(
      outs.map(async (out, i) => {
        const copies = await copyOutputs(out, cfg.outputDevice);
        for (const [source, leaf] of copies) {
          if (grad && (source.requiresGrad || source.gradFn)) leaf.requiresGrad_();
          work[i].moved.push({ source, leaf });
        }
        return mapTensors(out, (t) => copies.get(t) ?? t);
      }),
    );
    const output = gather(local, cfg.outputDevice, cfg.dim);
    const returned = new Set([...tensorsIn(output, '')].map(([, t]) => t));
    return { run: new AsyncParallelRun(work, returned), output: output as Out };
  }

  /**
   * After `loss.backward()`: carries the gradients of the copied outputs back to their
   * replicas, runs the replicas' backward (dispatched together), then adds each replica's
   * parameter gradients into the module's parameters.
   */
  async finishBackward(): Promise<void> {
    const upstream = await Promise.all(
      this.work.map((w) => Promise.all(w.moved.map((m) => (m.leaf.grad ? toDevice(m.leaf.grad, m.source.device) : Promise.resolve(null))))),
    );
    tidy(() =>
      this.work.forEach((w, i) => {
        let total: Tensor | null = null;
        w.moved.forEach((m, k) => {
          const g = upstream[i][k];
          if (!g) return;
          // sum(source * g) has gradient g with respect to source: one backward for every output.
          const term = m.source.mul(g).sum();
          total = total ? total.add(term) : term;
        });
        if (total) (total as Tensor).backward();
      }),
    );
    for (const g of upstream.flat()) g?.dispose();
    const grads = await Promise.all(this.work.map((w) => Promise.all(w.replica.parameterCopies().map(([p, c]) => (c.grad ? toDevice(c.grad, p.device) : null)))));
    noGrad(() => {
      this.work.forEach((w, i) =>
        w.replica.parameterCopies().forEach(([p, c], k) => {
          const g = grads[i][k];
          if (!g || g === c.grad) return;
          if (p.grad) {
            const sum = p.grad.add(g);
            p.grad.dispose();
            g.dispose();
            p.grad = sum;
          } else {
            p.grad = g;
          }
        }),
      );
    });
  }

  /** Frees the copies this run made (parameter copies and their gradients, moved outputs, input pieces). */
  dispose(): void {
    for (const w of this.work) {
      for (const [, c] of w.replica.parameterCopies()) {
        c.grad?.dispose();
        c.dispose();
      }
      for (const m of w.moved) {
        m.leaf.grad?.dispose();
        if (!this.returned.has(m.leaf)) m.leaf.dispose();
      }
      for (const p of w.pieces) p.dispose();
      for (const o of w.outputs) if (!this.returned.has(o)) o.dispose();
    }
  }
}

function inputsHold(inputs: readonly unknown[], t: Tensor): boolean {
  for (const [, x] of tensorsIn(inputs, '')) if (x === t) return true;
  return false;
}
