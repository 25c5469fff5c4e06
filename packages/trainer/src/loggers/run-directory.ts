import { joinPath, type FileSystem } from '../io/file-system.js';

/** The next `version_N` directory under `root/name` (Lightning's layout), created. */
export async function nextRunDirectory(fs: FileSystem, root: string, name = 'lightning_logs'): Promise<string> {
  const base = joinPath(root, name);
  await fs.mkdir(base);
  let max = -1;
  for (const entry of await fs.readdir(base)) {
    const m = /^version_(\d+)$/.exec(entry);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const dir = joinPath(base, `version_${max + 1}`);
  await fs.mkdir(dir);
  return dir;
}
