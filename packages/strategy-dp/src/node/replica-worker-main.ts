// The body of one replica thread: builds the module from its module reference, then answers
// forward and backward requests in order (see ReplicaThread for the main side).
import { parentPort, workerData } from 'node:worker_threads';
import { keep, noGrad, tidy, type Module, type Tensor } from '@flint/core';
import { fromHost, toHost } from './host-tensor.js';
import type { FromReplica, ReplicaThreadData, ToReplica } from './replica-protocol.js';

const ref = workerData as ReplicaThreadData;
const port = parentPort!;
const signal = new Int32Array(ref.signal);

async function build(): Promise<Module<Tensor[], Tensor>> {
  const mod = (await import(ref.url)) as Record<string, unknown>;
  const factory = mod[ref.exportName];
  if (typeof factory !== 'function') throw new TypeError(`${ref.url} has no exported class or function '${ref.exportName}' to build the replica module`);
  // A class (`exportName: 'Mlp'`) is constructed, a factory function called.
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(factory));
  const model = isClass ? new (factory as new (...a: readonly unknown[]) => Module<Tensor[], Tensor>)(...ref.args) : (factory as (...a: readonly unknown[]) => Module<Tensor[], Tensor>)(...ref.args);
  const names = [...model.namedParameters(), ...model.namedBuffers()].map(([k]) => k);
  if (names.join() !== ref.names.join()) {
    throw new TypeError(`the replica module built by ${ref.exportName}() has tensors [${names.join(', ')}], the wrapped module [${ref.names.join(', ')}]`);
  }
  return model;
}

const ready = build();
ready.catch(() => undefined); // a build failure is reported in the reply to each request, not as an unhandled rejection
let outputs: Tensor[] = [];

function forward(model: Module<Tensor[], Tensor>, msg: Extract<ToReplica, { kind: 'forward' }>): FromReplica {
  const tensors = [...model.parameters(), ...model.buffers()];
  noGrad(() => tidy(() => tensors.forEach((t, i) => t.copy_(fromHost(msg.state[i])))));
  model.train(msg.training);
  for (const o of outputs) o.dispose();
  const run = (): Tensor[] => {
    const out = tidy(() => model.call(...msg.inputs.map(fromHost)));
    return [keep(out)];
  };
  outputs = msg.grad ? run() : noGrad(run);
  return { id: msg.id, ok: true, outputs: outputs.map(toHost) };
}

function backward(model: Module<Tensor[], Tensor>, msg: Extract<ToReplica, { kind: 'backward' }>): FromReplica {
  tidy(() => {
    let total: Tensor | null = null;
    outputs.forEach((o, k) => {
      const g = msg.grads[k];
      if (!g) return;
      const term = o.mul(fromHost(g)).sum(); // its gradient with respect to o is g
      total = total ? total.add(term) : term;
    });
    if (total) (total as Tensor).backward();
  });
  for (const o of outputs) o.dispose();
  outputs = [];
  const paramGrads = model.parameters().map((p) => (p.grad ? toHost(p.grad) : null));
  model.zeroGrad();
  return { id: msg.id, ok: true, paramGrads };
}

port.on('message', (msg: ToReplica) => {
  ready
    .then((model) => (msg.kind === 'forward' ? forward(model, msg) : backward(model, msg)))
    .catch((e: unknown): FromReplica => ({ id: msg.id, ok: false, name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) }))
    .then((reply) => {
      if (!msg.blocking) return port.postMessage(reply);
      ref.replyPort.postMessage(reply);
      Atomics.add(signal, 0, 1);
      Atomics.notify(signal, 0);
    });
});
