import type { FixtureSource } from './fixture-source.js';

/** Keyword arguments of a case, as PyTorch names them (`dim`, `keepdim`, `label_smoothing`). */
export type Kwargs = Readonly<Record<string, unknown>>;

/** One `ops` case: a PyTorch call on the fixture's `in.*` tensors. */
export interface GoldenOpCase {
  readonly name: string;
  /** The PyTorch function, e.g. `torch.nn.functional.conv2d`; the key of `GOLDEN_OPS`. */
  readonly op: string;
  readonly kwargs: Kwargs;
  /** Input names in call order: the fixture holds `in.<name>`. */
  readonly inputs: readonly string[];
  /** The `.safetensors` file, relative to the fixture root. */
  readonly file: string;
  readonly note?: string;
}

/** A `models`, `modules` or `optim` case: its fields are read by that group's runner. */
export interface GoldenOtherCase {
  readonly name: string;
  readonly file: string;
  readonly [key: string]: unknown;
}

export interface GoldenManifest {
  readonly seed?: number;
  readonly ops: readonly GoldenOpCase[];
  readonly models: readonly GoldenOtherCase[];
  readonly optim: readonly GoldenOtherCase[];
  /** Layers with their state dicts (torch-golden-seq); empty where a fixture set has none. */
  readonly modules: readonly GoldenOtherCase[];
}

/** The case groups of the manifest. */
export type GoldenGroup = 'ops' | 'modules' | 'models' | 'optim';
export const GOLDEN_GROUPS: readonly GoldenGroup[] = ['ops', 'modules', 'models', 'optim'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkCase(group: string, raw: unknown, i: number): Record<string, unknown> {
  if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.file !== 'string') {
    throw new Error(`golden manifest: ${group}[${i}] needs string 'name' and 'file'`);
  }
  return raw;
}

function opCase(raw: unknown, i: number): GoldenOpCase {
  const c = checkCase('ops', raw, i);
  if (typeof c.op !== 'string') throw new Error(`golden manifest: ops case '${c.name}' has no 'op'`);
  if (!Array.isArray(c.inputs) || !c.inputs.every((x) => typeof x === 'string')) {
    throw new Error(`golden manifest: ops case '${c.name}' needs 'inputs' as a list of names`);
  }
  const kwargs = c.kwargs === undefined ? {} : c.kwargs;
  if (!isRecord(kwargs)) throw new Error(`golden manifest: ops case '${c.name}' has non-object 'kwargs'`);
  return {
    name: c.name as string,
    op: c.op,
    kwargs,
    inputs: c.inputs as string[],
    file: c.file as string,
    ...(typeof c.note === 'string' ? { note: c.note } : {}),
  };
}

/** Validates the parsed `manifest.json`; missing groups read as empty. */
export function parseGoldenManifest(json: unknown): GoldenManifest {
  if (!isRecord(json)) throw new Error('golden manifest: not a JSON object');
  const list = (k: GoldenGroup): unknown[] => {
    const v = json[k] ?? [];
    if (!Array.isArray(v)) throw new Error(`golden manifest: '${k}' is not a list`);
    return v;
  };
  return {
    ...(typeof json.seed === 'number' ? { seed: json.seed } : {}),
    ops: list('ops').map(opCase),
    models: list('models').map((c, i) => checkCase('models', c, i) as GoldenOtherCase),
    optim: list('optim').map((c, i) => checkCase('optim', c, i) as GoldenOtherCase),
    modules: list('modules').map((c, i) => checkCase('modules', c, i) as GoldenOtherCase),
  };
}

/** Reads and validates `manifest.json` from `source`. */
export async function loadGoldenManifest(source: FixtureSource): Promise<GoldenManifest> {
  return parseGoldenManifest(JSON.parse(await source.readText('manifest.json')));
}
