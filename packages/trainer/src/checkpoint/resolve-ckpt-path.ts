import { joinPath, type FileSystem } from '../io/file-system.js';
import { LAST_NAME } from '../callbacks/checkpoint-writer.js';

/** Where `'last'` and `'best'` come from. */
export interface CkptSearch {
  readonly fs: FileSystem;
  readonly defaultRootDir: string;
  /** A ModelCheckpoint's explicit dirpath, if one was given. */
  readonly dirpath: string | undefined;
  readonly bestModelPath: string | undefined;
}

/**
 * `ckptPath`: 'last' is `<dirpath>/last`, or the newest `lightning_logs/version_N/checkpoints/last`;
 * 'best' is the checkpoint callback's best; anything else is a path.
 */
export async function resolveCkptPath(ckptPath: string, s: CkptSearch): Promise<string> {
  if (ckptPath === 'best') {
    if (!s.bestModelPath) throw new Error("ckptPath 'best': no best checkpoint yet (fit with a ModelCheckpoint first)");
    return s.bestModelPath;
  }
  if (ckptPath !== 'last') return ckptPath;
  if (s.dirpath) {
    const p = joinPath(s.dirpath, LAST_NAME);
    if (await s.fs.exists(p)) return p;
    throw new Error(`ckptPath 'last': no checkpoint at ${p}`);
  }
  const logs = joinPath(s.defaultRootDir, 'lightning_logs');
  const versions = (await s.fs.exists(logs)) ? await s.fs.readdir(logs) : [];
  const sorted = versions
    .map((v) => /^version_(\d+)$/.exec(v))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  for (const m of sorted) {
    const p = joinPath(logs, m[0], 'checkpoints', LAST_NAME);
    if (await s.fs.exists(p)) return p;
  }
  throw new Error(`ckptPath 'last': no checkpoint found under ${logs}/version_*/checkpoints/${LAST_NAME} (use ModelCheckpoint({ saveLast: true }))`);
}
