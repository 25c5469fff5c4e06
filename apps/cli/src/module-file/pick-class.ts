import { didYouMean } from '../args/suggest.js';
import { ModuleFileError } from '../errors.js';
import type { LoadedModuleFile } from './load-module-file.js';

/** A class constructor that takes the options object of its CLI namespace. */
export type ClassWithOptions<T> = new (options: Record<string, unknown>) => T;

/** Which kind of class to pick, and how the CLI names it. */
export interface ClassRole {
  /** `LightningModule` or `LightningDataModule`: the base class, and the word in messages. */
  readonly base: abstract new (...args: never[]) => object;
  readonly label: string;
  /** The flag that picks an export by name: `--model`. */
  readonly flag: string;
}

const isSubclass = (v: unknown, base: ClassRole['base']): boolean =>
  typeof v === 'function' && v !== base && (v as { prototype?: unknown }).prototype instanceof base;

/** Export names listed for messages (`default` last). */
const exportList = (file: LoadedModuleFile): string => {
  const names = Object.keys(file.exports);
  return names.length === 0 ? 'none' : names.join(', ');
};

/**
 * The class of `role` the module file exports: the one named by `name`, else the only
 * subclass of the role's base among its exports. Undefined when `required` is false and there
 * is none; every other miss is a `ModuleFileError` naming the file and what it does export.
 */
export function pickClass<T>(file: LoadedModuleFile, role: ClassRole, name: string | undefined, required: true): ClassWithOptions<T>;
export function pickClass<T>(file: LoadedModuleFile, role: ClassRole, name: string | undefined, required: boolean): ClassWithOptions<T> | undefined;
export function pickClass<T>(file: LoadedModuleFile, role: ClassRole, name: string | undefined, required: boolean): ClassWithOptions<T> | undefined {
  if (name !== undefined) {
    const v = file.exports[name];
    if (v === undefined) {
      throw new ModuleFileError(file.file, `${file.file} has no export '${name}'${didYouMean(name, Object.keys(file.exports))} (its exports: ${exportList(file)})`);
    }
    if (!isSubclass(v, role.base)) throw new ModuleFileError(file.file, `${file.file}: export '${name}' is not a ${role.label} subclass`);
    return v as ClassWithOptions<T>;
  }
  const found = new Map<unknown, string>();
  for (const [key, v] of Object.entries(file.exports)) {
    if (isSubclass(v, role.base) && (!found.has(v) || key !== 'default')) found.set(v, key);
  }
  if (found.size === 1) return [...found.keys()][0] as ClassWithOptions<T>;
  if (found.size > 1) {
    throw new ModuleFileError(file.file, `${file.file} exports ${found.size} ${role.label} subclasses (${[...found.values()].join(', ')}): choose one with ${role.flag} NAME`);
  }
  if (!required) return undefined;
  throw new ModuleFileError(file.file, `${file.file} exports no ${role.label} subclass (its exports: ${exportList(file)})`);
}

/** `new C(options)`, with a constructor that throws reported against the file and class. */
export function construct<T>(file: LoadedModuleFile, cls: ClassWithOptions<T>, options: Record<string, unknown>): T {
  try {
    return new cls(options);
  } catch (e) {
    throw new ModuleFileError(file.file, `${file.file}: new ${cls.name}(${JSON.stringify(options)}) threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
