/**
 * Where the golden fixtures come from. The runner only reads through this, so `@flint/core/testing`
 * stays importable in a browser (fetch the files) while Node reads them from disk
 * (`nodeFixtureSource` in `@flint/core/testing/node`).
 */
export interface FixtureSource {
  /** Human-readable location, for messages (a directory or a URL). */
  readonly location: string;
  /** The text of `path`, relative to the fixture root (`manifest.json`). */
  readText(path: string): Promise<string>;
  /** The bytes of `path`, relative to the fixture root (`ops/relu.safetensors`). */
  readBytes(path: string): Promise<Uint8Array>;
}

/** A source over in-memory files, for tests and for fixtures bundled by hand. */
export function memoryFixtureSource(files: Readonly<Record<string, Uint8Array | string>>, location = 'memory'): FixtureSource {
  const get = (path: string): Uint8Array | string => {
    const f = files[path];
    if (f === undefined) throw new Error(`${location}: no fixture file '${path}'`);
    return f;
  };
  return {
    location,
    readText: async (path) => {
      const f = get(path);
      return typeof f === 'string' ? f : new TextDecoder().decode(f);
    },
    readBytes: async (path) => {
      const f = get(path);
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
  };
}
