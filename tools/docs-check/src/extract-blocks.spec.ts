import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTsBlocks, findReadmes } from './extract-blocks.js';

describe('extractTsBlocks', () => {
  it('takes ts/typescript blocks with their first code line and runnable marker, skipping other languages', () => {
    const md = ['# T', '```sh', 'npm ci', '```', '```ts', 'const a = 1;', '```', 'text', '```ts runnable', 'console.log(2);', '```', '```typescript', 'let b;', '```'].join('\n');
    expect(extractTsBlocks(md, 'R.md')).toEqual([
      { file: 'R.md', line: 6, code: 'const a = 1;', runnable: false },
      { file: 'R.md', line: 10, code: 'console.log(2);', runnable: true },
      { file: 'R.md', line: 13, code: 'let b;', runnable: false },
    ]);
  });

  it('removes a list item\'s indentation and keeps a longer fence open over inner backticks', () => {
    const md = ['- item', '  ````ts', '  const s = `x`;', '  ```', '  ````'].join('\n');
    expect(extractTsBlocks(md, 'R.md')).toEqual([{ file: 'R.md', line: 3, code: 'const s = `x`;\n```', runnable: false }]);
  });

  it('ignores an unterminated fence', () => {
    expect(extractTsBlocks('```ts\nconst a = 1;\n', 'R.md')).toEqual([]);
  });
});

describe('findReadmes', () => {
  it('finds READMEs below the root but not in node_modules, fixtures or dot folders', () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-docs-'));
    for (const d of ['a/b', 'node_modules/x', 'fixtures/set', '.git', 'c']) mkdirSync(join(root, d), { recursive: true });
    for (const f of ['README.md', 'a/b/README.md', 'node_modules/x/README.md', 'fixtures/set/README.md', '.git/README.md', 'c/NOTES.md']) writeFileSync(join(root, f), '#');
    expect(findReadmes(root)).toEqual(['README.md', 'a/b/README.md']);
  });
});
