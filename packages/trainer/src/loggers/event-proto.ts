/**
 * The slice of TensorFlow's `Event` protobuf a scalar logger needs, encoded by hand:
 * `Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }`,
 * `Summary { repeated Value value = 1; }`, `Value { string tag = 1; float simple_value = 2; }`.
 */
export interface ScalarEvent {
  readonly wallTime: number;
  readonly step: number;
  /** Only the first event of a file carries it ('brain.Event:2'). */
  readonly fileVersion?: string;
  readonly scalars?: Readonly<Record<string, number>>;
  /** Already encoded `Summary.Value`s (histograms, images, plugin data), after the scalars. */
  readonly values?: readonly Uint8Array[];
}

/** A protobuf encoder for the few wire types TensorBoard's records use. */
export class ProtoWriter {
  private bytes: number[] = [];

  varint(v: number): this {
    let n = BigInt.asUintN(64, BigInt(Math.trunc(v)));
    while (n >= 0x80n) {
      this.bytes.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.bytes.push(Number(n));
    return this;
  }

  key(field: number, wire: 0 | 1 | 2 | 5): this {
    return this.varint((field << 3) | wire);
  }

  double(field: number, v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.key(field, 1).bytes.push(...b);
    return this;
  }

  float(field: number, v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.key(field, 5).bytes.push(...b);
    return this;
  }

  int64(field: number, v: number): this {
    return this.key(field, 0).varint(v);
  }

  message(field: number, body: Uint8Array): this {
    this.key(field, 2).varint(body.length).bytes.push(...body);
    return this;
  }

  string(field: number, s: string): this {
    return this.message(field, new TextEncoder().encode(s));
  }

  /** A packed `repeated double`. */
  doubles(field: number, vs: ArrayLike<number>): this {
    const b = new Uint8Array(8 * vs.length);
    const view = new DataView(b.buffer);
    for (let i = 0; i < vs.length; i++) view.setFloat64(8 * i, vs[i], true);
    return this.message(field, b);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** The serialized `Event`. */
export function encodeEvent(e: ScalarEvent): Uint8Array {
  const w = new ProtoWriter().double(1, e.wallTime).int64(2, e.step);
  if (e.fileVersion !== undefined) w.string(3, e.fileVersion);
  if (e.scalars || e.values) {
    const summary = new ProtoWriter();
    for (const [tag, v] of Object.entries(e.scalars ?? {})) summary.message(1, new ProtoWriter().string(1, tag).float(2, v).finish());
    for (const v of e.values ?? []) summary.message(1, v);
    w.message(5, summary.finish());
  }
  return w.finish();
}
