/**
 * Factories by name. A plugin adds its factories; the trainer looks them up by the string
 * alias a user wrote (`strategy: 'ddp'`). Options travel as options, never inside the name.
 */
export class Registry<F> {
  private readonly entries = new Map<string, F>();

  constructor(readonly kind: string) {}

  add(name: string, factory: F): void {
    if (this.entries.has(name)) throw new Error(`${this.kind} '${name}' is already registered`);
    this.entries.set(name, factory);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): F {
    const f = this.entries.get(name);
    if (!f) throw new Error(`unknown ${this.kind} '${name}' (registered: ${this.names().join(', ') || 'none'})`);
    return f;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }
}
