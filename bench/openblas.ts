import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = 'libopenblas0-openmp';

/**
 * Debian's OpenBLAS (OpenMP build) unpacked into a scratch folder, without installing it: the
 * machine keeps its reference BLAS, and only the PyTorch child that gets this folder on
 * LD_LIBRARY_PATH loads OpenBLAS (PERF.md). Returns the library folder, or why there is none.
 */
export function openBlasLibDir(): { dir: string } | { reason: string } {
  const root = join(tmpdir(), 'flint-bench-openblas');
  const dir = join(root, 'usr/lib/x86_64-linux-gnu/openblas-openmp');
  if (existsSync(join(dir, 'libblas.so.3'))) return { dir };
  mkdirSync(root, { recursive: true });
  const download = spawnSync('apt-get', ['download', PACKAGE], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const deb = readdirSync(root).find((f) => f.startsWith(PACKAGE) && f.endsWith('.deb'));
  if (!deb) return { reason: `apt-get download ${PACKAGE} failed: ${(download.stderr || download.error?.message || '').trim().split('\n').pop()}` };
  const unpack = spawnSync('dpkg', ['-x', deb, root], { cwd: root, encoding: 'utf8' });
  if (unpack.status !== 0 || !existsSync(join(dir, 'libblas.so.3'))) return { reason: `dpkg -x ${deb} failed: ${unpack.stderr.trim()}` };
  return { dir };
}
