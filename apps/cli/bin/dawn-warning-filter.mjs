// Dawn's Vulkan backend prints two lines to stderr from native code whenever a process asks for
// a WebGPU adapter on a driver that reports huge dynamic-buffer limits (Mesa's lavapipe does):
//   Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 ...
//   Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 1000000 to 16 ...
// They say nothing a user can act on, and JavaScript cannot silence a native fprintf, so the
// `flint` launcher reads its child's stderr and drops exactly these lines; everything else passes
// through unchanged, partial lines included (only a possible start of such a line waits).

const DAWN_LIMIT_NOTICE = /^Warning: maxDynamic(Uniform|Storage)BuffersPerPipelineLayout artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit\.\r?$/;
const PREFIX = 'Warning: maxDynamic';

/** A stderr transform: `write(chunk)` forwards what it may to `out`, `end()` flushes the rest. */
export function dawnWarningFilter(out) {
  let pending = '';
  const mayBeNotice = (s) => PREFIX.startsWith(s) || s.startsWith(PREFIX);
  return {
    write(chunk) {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      let text = '';
      for (const line of lines) if (!DAWN_LIMIT_NOTICE.test(line)) text += `${line}\n`;
      if (pending && !mayBeNotice(pending)) {
        text += pending;
        pending = '';
      }
      if (text) out.write(text);
    },
    end() {
      if (pending && !DAWN_LIMIT_NOTICE.test(pending)) out.write(pending);
      pending = '';
    },
  };
}
