import { blocksFor, philoxFill } from './philox.js';

/** A generator's whole state: JSON-able, saved in checkpoints. */
export interface GeneratorState {
  /** The 64-bit seed, as an integer below 2^53 in magnitude. */
  readonly seed: number;
  /** Philox counter blocks used so far. */
  readonly offset: number;
}

/** PyTorch's default seed (`torch.initial_seed()` of a fresh process). */
export const DEFAULT_SEED = 67280421310721;

function checkSeed(op: string, seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`${op}: seed must be a safe integer, got ${seed}`);
  }
  return seed;
}

/** A non-deterministic 53-bit seed from the platform's crypto source (Math.random if none). */
function entropySeed(): number {
  const words = new Uint32Array(2);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(words);
  else for (let i = 0; i < 2; i++) words[i] = Math.floor(Math.random() * 4294967296);
  return (words[1] & 0x1fffff) * 4294967296 + words[0];
}

/**
 * A Philox-4x32-10 stream, like `torch.Generator`. Its state is `(seed, offset)`; every draw
 * takes whole 128-bit counter blocks, so a draw's words depend only on the state before it
 * (see `philox.ts` for the exact mapping a device kernel must follow).
 */
export class Generator {
  private currentSeed: number;
  private currentOffset = 0;

  constructor(seed: number = DEFAULT_SEED) {
    this.currentSeed = checkSeed('Generator', seed);
  }

  /** Seeds the stream and rewinds it to its start. */
  manualSeed(seed: number): this {
    this.currentSeed = checkSeed('manualSeed', seed);
    this.currentOffset = 0;
    return this;
  }

  /** Seeds from a non-deterministic source and returns the seed, like `Generator.seed()`. */
  seed(): number {
    const s = entropySeed();
    this.manualSeed(s);
    return s;
  }

  /** The seed the stream was last seeded with. */
  initialSeed(): number {
    return this.currentSeed;
  }

  /** Counter blocks used so far. */
  get offset(): number {
    return this.currentOffset;
  }

  getState(): GeneratorState {
    return { seed: this.currentSeed, offset: this.currentOffset };
  }

  /** Restores a state from `getState()`; the stream continues exactly where it was. */
  setState(state: GeneratorState): void {
    const { seed, offset } = state;
    checkSeed('setState', seed);
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new RangeError(`setState: offset must be a non-negative integer, got ${offset}`);
    }
    this.currentSeed = seed;
    this.currentOffset = offset;
  }

  /**
   * Reserves the blocks for a draw of `words` u32 words and returns the block offset it starts
   * at: what a device kernel needs, with the seed, to compute the words itself.
   */
  advance(words: number): number {
    const start = this.currentOffset;
    this.currentOffset += blocksFor(words);
    return start;
  }

  /** The next `n` words of the stream, on the host. */
  nextUint32(n: number): Uint32Array {
    const out = new Uint32Array(n);
    philoxFill(this.currentSeed, this.advance(n), out);
    return out;
  }

  /** A uniformly random non-negative 53-bit integer (for deriving other seeds). */
  randomSeed(): number {
    const [lo, hi] = this.nextUint32(2);
    return (hi & 0x1fffff) * 4294967296 + lo;
  }
}

/** The generator every random function uses when none is passed, like PyTorch's default. */
export const defaultGenerator = new Generator();

/** Seeds the default generator, like `torch.manual_seed`; returns it. */
export const manualSeed = (seed: number): Generator => defaultGenerator.manualSeed(seed);

/** The default generator's seed, like `torch.initial_seed()`. */
export const initialSeed = (): number => defaultGenerator.initialSeed();

/** The default generator's state, like `torch.get_rng_state()` (a plain JSON-able object). */
export const getRngState = (): GeneratorState => defaultGenerator.getState();

/** Restores the default generator's state, like `torch.set_rng_state()`. */
export const setRngState = (state: GeneratorState): void => defaultGenerator.setState(state);
