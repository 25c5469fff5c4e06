/**
 * Takes the frames a `FramedSocket` receives straight from its read buffer, while attached, so
 * their payload is used where it landed instead of being copied into a frame first. Payload
 * arrives as whole 4-byte elements in one or more `take` calls per frame, or is read by the
 * socket straight into the memory `direct` names.
 */
export interface FrameSink {
  /** A frame's header arrived. False refuses it: the sink is detached and the frame queued for `recv()`. */
  accept(tag: number, bytes: number): boolean;
  /**
   * `count` elements of the current frame's payload, starting at element `from` of `f32` and
   * `i32` (two views of the same memory, valid only during the call); they are the payload's
   * elements `at` onward.
   */
  take(f32: Float32Array, i32: Int32Array, from: number, count: number, at: number): void;
  /**
   * Where the current frame's payload bytes `[at, at + bytes)` belong, when the sink only
   * copies them: the socket then reads them there itself. Null when the payload must be `take`n.
   */
  direct(at: number, bytes: number): Uint8Array | null;
  /** The current frame is complete; true when the sink expects no more frames (it is then detached). */
  frameDone(): boolean;
  /** The connection failed or closed before the sink was done (it is then detached). */
  fail(e: Error): void;
}

/** Scratch memory that the rest of a frame nobody takes any more is read into. */
export const dropped = (bytes: number): Uint8Array => new Uint8Array(Math.min(bytes, 1 << 20));

/** Takes the rest of a frame whose sink went away (failed or timed out): its bytes are dropped. */
export const DISCARD: FrameSink = {
  accept: () => false,
  take: () => undefined,
  direct: (_at, bytes) => dropped(bytes),
  frameDone: () => true,
  fail: () => undefined,
};
