import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const script = fileURLToPath(new URL('./scripts/train-without-adapter.ts', import.meta.url));

describe('Node without a WebGPU adapter (no Vulkan driver visible to Dawn)', () => {
  it("'auto' trains on the CPU and says why; 'webgpu' is a DeviceError naming the missing driver", () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, VK_ICD_FILENAMES: '/nonexistent/flint-no-icd.json', TSX_TSCONFIG_PATH: 'tsconfig.base.json' },
      timeout: 50_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { accelerator: 'auto', device: 'cpu', messages: ["accelerator 'auto': no WebGPU adapter was found, training on the CPU backend"] },
      {
        accelerator: 'webgpu',
        error: {
          name: 'DeviceError',
          message: "webgpu:0: no WebGPU adapter: Dawn found no WebGPU adapter: the machine needs a Vulkan driver (without a GPU, Mesa's lavapipe: apt install mesa-vulkan-drivers)",
        },
      },
    ]);
  });
});
