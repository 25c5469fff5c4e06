import type { CheckpointState } from './checkpoint-state.js';

/** The `formatVersion` this build writes and the only one it reads. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** A field of `state.json` that failed validation: where (`optimizers[0].scalars.3.step`) and why. */
export class StateFieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

type Json = unknown;
const show = (v: Json): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

export const isRecord = (v: Json): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function expectRecord(v: Json, field: string): Record<string, unknown> {
  if (!isRecord(v)) throw new StateFieldError(field, `must be an object, got ${show(v)}`);
  return v;
}

export function expectCount(v: Json, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new StateFieldError(field, `must be a non-negative integer, got ${show(v)}`);
  return v;
}

function expectGenerator(v: Json, field: string): void {
  const g = expectRecord(v, field);
  if (typeof g.seed !== 'number' || !Number.isSafeInteger(g.seed)) throw new StateFieldError(`${field}.seed`, `must be an integer below 2^53, got ${show(g.seed)}`);
  expectCount(g.offset, `${field}.offset`);
}

/** A JSON value shaped like `template` (a live state dict): same kinds, array lengths, finite numbers. */
export function expectLike(v: Json, template: Json, field: string): void {
  if (typeof template === 'number') {
    // JSON writes Infinity as null: a live value that is not finite may come back as null.
    if (!Number.isFinite(template) && v === null) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new StateFieldError(field, `must be a finite number, got ${show(v)}`);
  } else if (typeof template === 'boolean' || typeof template === 'string') {
    if (typeof v !== typeof template) throw new StateFieldError(field, `must be a ${typeof template}, got ${show(v)}`);
  } else if (Array.isArray(template)) {
    if (!Array.isArray(v) || v.length !== template.length) throw new StateFieldError(field, `must be a list of ${template.length}, got ${show(v)}`);
    template.forEach((t, i) => expectLike(v[i], t, `${field}[${i}]`));
  } else if (isRecord(template)) {
    const rec = expectRecord(v, field);
    for (const [k, t] of Object.entries(template)) expectLike(rec[k], t, `${field}.${k}`);
  }
  // null/undefined in the template: the live value has no kind to compare with.
}

/**
 * Validates the structure of a parsed `state.json` before anything is restored: format and
 * version, the loop position (non-negative integers), the generator states, and the kinds of
 * the optimizer, scheduler, callback and module sections. What depends on the live model
 * (parameter ids, shapes, hyper-parameter kinds) is checked by `checkTrainingState`.
 */
export function checkStateShape(raw: Json): CheckpointState {
  const s = expectRecord(raw, '(root)');
  if (s.format !== 'flint-checkpoint') throw new StateFieldError('format', `must be "flint-checkpoint" (not a Flint checkpoint), got ${show(s.format)}`);
  if (s.formatVersion !== CHECKPOINT_FORMAT_VERSION) {
    throw new StateFieldError('formatVersion', `${show(s.formatVersion)} is not supported (this Flint reads version ${CHECKPOINT_FORMAT_VERSION})`);
  }
  if (typeof s.flintVersion !== 'string') throw new StateFieldError('flintVersion', `must be a string, got ${show(s.flintVersion)}`);
  for (const k of ['epoch', 'globalStep', 'batchIdx'] as const) expectCount(s[k], k);
  if (s.loaderRng !== null) expectGenerator(s.loaderRng, 'loaderRng');
  expectGenerator(s.rng, 'rng');
  if (!Array.isArray(s.optimizers)) throw new StateFieldError('optimizers', `must be a list, got ${show(s.optimizers)}`);
  s.optimizers.forEach((o: Json, i: number) => {
    const opt = expectRecord(o, `optimizers[${i}]`);
    if (!Array.isArray(opt.param_groups)) throw new StateFieldError(`optimizers[${i}].param_groups`, `must be a list, got ${show(opt.param_groups)}`);
    opt.param_groups.forEach((g: Json, j: number) => {
      const group = expectRecord(g, `optimizers[${i}].param_groups[${j}]`);
      if (!Array.isArray(group.params)) throw new StateFieldError(`optimizers[${i}].param_groups[${j}].params`, `must be a list, got ${show(group.params)}`);
      group.params.forEach((p: Json, k: number) => expectCount(p, `optimizers[${i}].param_groups[${j}].params[${k}]`));
    });
    for (const [id, sc] of Object.entries(expectRecord(opt.scalars, `optimizers[${i}].scalars`))) {
      if (!/^\d{1,9}$/.test(id)) throw new StateFieldError(`optimizers[${i}].scalars`, `key ${show(id)} is not a parameter id`);
      for (const [k, v] of Object.entries(expectRecord(sc, `optimizers[${i}].scalars.${id}`))) {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new StateFieldError(`optimizers[${i}].scalars.${id}.${k}`, `must be a finite number, got ${show(v)}`);
      }
    }
  });
  if (!Array.isArray(s.schedulers)) throw new StateFieldError('schedulers', `must be a list, got ${show(s.schedulers)}`);
  s.schedulers.forEach((x: Json, i: number) => expectRecord(x, `schedulers[${i}]`));
  for (const [k, v] of Object.entries(expectRecord(s.callbacks, 'callbacks'))) expectRecord(v, `callbacks.${k}`);
  for (const k of ['hparams', 'datamodule', 'extra'] as const) expectRecord(s[k], k);
  return s as unknown as CheckpointState;
}
