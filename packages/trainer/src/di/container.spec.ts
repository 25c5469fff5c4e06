import { describe, expect, it } from 'vitest';
import { createContainer } from './container.js';
import { ALL_TOKENS, PLUGIN_LOADER, STRATEGY_REGISTRY, ACCELERATOR_REGISTRY } from './tokens.js';
import { resolve } from './token.js';
import { MissingPluginError } from './plugin-loader.js';
import { Trainer } from '../trainer/trainer.js';

describe('DI container', () => {
  it('resolves every registered token', () => {
    const c = createContainer();
    for (const t of ALL_TOKENS) expect(c.resolve(t), t.toString()).toBeDefined();
    expect(resolve(c, STRATEGY_REGISTRY).names()).toEqual(['single']);
    expect(resolve(c, ACCELERATOR_REGISTRY).names()).toEqual(['cpu']);
  });

  it("a plugin that is not installed fails with the npm command that fixes it", async () => {
    const missing = async (pkg: string): Promise<unknown> => {
      throw Object.assign(new Error(`Cannot find package '${pkg}' imported from x`), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    const loader = resolve(createContainer({ importer: missing }), PLUGIN_LOADER);
    await expect(loader.load('strategy', 'ddp')).rejects.toThrow(new MissingPluginError('strategy', 'ddp', '@flint/strategy-ddp'));
    await expect(loader.load('strategy', 'dp')).rejects.toThrow("strategy 'dp' needs @flint/strategy-dp: npm install @flint/strategy-dp");
    const err = await new Trainer({ strategy: 'ddp', accelerator: 'cpu', importer: missing }).fit({} as never, []).catch((e: unknown) => e);
    expect((err as Error).message).toBe("strategy 'ddp' needs @flint/strategy-ddp: npm install @flint/strategy-ddp");
  });

  it('registers a plugin descriptor found in the imported package', async () => {
    const c = createContainer({ importer: async () => ({ plugin: { name: 'x', register: (r: { strategies: { add(n: string, f: unknown): void } }) => r.strategies.add('dp', () => ({})) } }) });
    await resolve(c, PLUGIN_LOADER).load('strategy', 'dp');
    expect(resolve(c, STRATEGY_REGISTRY).names()).toEqual(['single', 'dp']);
  });
});
