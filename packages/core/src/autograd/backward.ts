import type { Tensor } from '../tensor/tensor.js';
import { AutogradError, ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import { keep, tidy } from '../tensor/scope.js';
import { noGrad } from './grad-mode.js';
import type { GradNode } from './grad-node.js';
import { accumulate, onesLike, zerosOf } from './grad-math.js';

export interface BackwardOptions {
  /** Keep saved tensors so backward can run through this graph again. */
  retainGraph?: boolean;
}

interface Plan {
  /** Incoming edge count of each node reachable from the root. */
  readonly deps: Map<GradNode, number>;
  /** How many edges feed each leaf: its gradient is complete when all have arrived. */
  readonly leafEdges: Map<Tensor, number>;
}

function plan(root: GradNode): Plan {
  const deps = new Map<GradNode, number>([[root, 0]]);
  const leafEdges = new Map<Tensor, number>();
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.freed) {
      throw new AutogradError(
        `backward: trying to backward through the graph a second time (at ${node.name}); ` +
          'its saved tensors were freed. Pass { retainGraph: true } to the first backward.',
      );
    }
    for (const e of node.edges) {
      if (!e) continue;
      if ('leaf' in e) {
        leafEdges.set(e.leaf, (leafEdges.get(e.leaf) ?? 0) + 1);
      } else if (deps.has(e.node)) {
        deps.set(e.node, deps.get(e.node)! + 1);
      } else {
        deps.set(e.node, 1);
        stack.push(e.node);
      }
    }
  }
  return { deps, leafEdges };
}

function addToLeaf(leaf: Tensor, g: Tensor): void {
  if (leaf.isDisposed) throw new AutogradError(`backward: leaf tensor ${leaf.id} was disposed before its gradient arrived`);
  const prev = leaf.grad;
  const next = prev ? accumulate(prev, g) : g.isContiguous() ? g.detach() : g.contiguous();
  leaf.grad = keep(next === g ? g.detach() : next);
  prev?.dispose();
}

/**
 * Reverse-mode differentiation from `root`. Nodes run in dependency order, so each sees its
 * complete output gradients; a leaf's hooks fire once all of its incoming edges have arrived.
 */
export function backward(root: Tensor, gradient?: Tensor, options: BackwardOptions = {}): void {
  root.assertLive('backward');
  if (!root.requiresGrad && !root.gradFn) {
    throw new AutogradError('backward: tensor does not require grad and has no grad_fn');
  }
  if (!gradient && root.size !== 1) {
    throw new AutogradError(`backward: grad can be implicitly created only for scalar outputs, got shape ${fmtShape(root.shape)}`);
  }
  if (gradient && !shapesEqual(gradient.shape, root.shape)) {
    throw new ShapeError(`backward: gradient shape ${fmtShape(gradient.shape)} does not match tensor shape ${fmtShape(root.shape)}`);
  }
  noGrad(() =>
    tidy(() => {
      const seed = gradient ? gradient.detach() : onesLike(root);
      if (!root.gradFn) {
        addToLeaf(root, seed);
        root.runGradHooks();
        return;
      }
      run(root.gradFn, root.outputIndex, seed, options.retainGraph ?? false);
    }),
  );
}

function run(rootNode: GradNode, rootIndex: number, seed: Tensor, retainGraph: boolean): void {
  const { deps, leafEdges } = plan(rootNode);
  const buffers = new Map<GradNode, (Tensor | null)[]>();
  const slot = (n: GradNode): (Tensor | null)[] => {
    let b = buffers.get(n);
    if (!b) buffers.set(n, (b = new Array<Tensor | null>(n.outputs.length).fill(null)));
    return b;
  };
  slot(rootNode)[rootIndex] = seed;
  const ready: GradNode[] = [rootNode];
  while (ready.length) {
    const node = ready.pop()!;
    const buf = slot(node);
    buffers.delete(node);
    const grads = buf.map((g, i) => g ?? zerosOf(node.outputs[i]));
    const inputGrads = tidy(() => node.backwardFn(grads, node.saved));
    if (!retainGraph) {
      node.freeSaved();
      node.freed = true;
    }
    // A backward may pass a gradient through unchanged, or to two inputs: every tensor here
    // is consumed by handle (detach) and disposed once, after all edges got their share.
    const consumed = new Set<Tensor>(grads);
    node.edges.forEach((e, i) => {
      const g = inputGrads[i] ?? null;
      if (g) consumed.add(g);
      if (!e) return;
      if ('leaf' in e) {
        if (g) addToLeaf(e.leaf, g);
        const left = leafEdges.get(e.leaf)! - 1;
        leafEdges.set(e.leaf, left);
        if (left === 0) e.leaf.runGradHooks();
        return;
      }
      if (g) {
        const b = slot(e.node);
        const prev = b[e.index];
        b[e.index] = prev ? accumulate(prev, g) : g.detach();
        prev?.dispose();
      }
      const left = deps.get(e.node)! - 1;
      deps.set(e.node, left);
      if (left === 0) ready.push(e.node);
    });
    for (const t of consumed) t.dispose();
  }
}
