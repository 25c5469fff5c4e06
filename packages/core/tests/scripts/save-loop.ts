/**
 * Child for save-kill.spec.ts: saves a 1 MiB checkpoint to argv[2] over and over, each
 * version's tensors filled with its version number, and prints "saved N" after each save.
 */
import { fromValues } from '../../src/ops/creation.js';
import { save } from '../../src/serialization/node/checkpoint-file.js';

const path = process.argv[2];
for (let version = 1; ; version++) {
  const data = fromValues(new Float32Array(256 * 1024).fill(version), [256, 1024]);
  const tag = fromValues(new Int32Array([version]), []);
  await save({ data, version: tag }, path);
  data.dispose();
  tag.dispose();
  process.stdout.write(`saved ${version}\n`);
}
