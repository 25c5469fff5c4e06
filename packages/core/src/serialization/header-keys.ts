import { SafetensorsError } from './safetensors-error.js';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Rejects duplicate and prototype-polluting top-level keys in a header's JSON text, which
 * `JSON.parse` would silently merge. A small scanner over the already-valid JSON: it tracks
 * string literals and nesting depth and collects the keys of the outermost object.
 */
export function checkHeaderKeys(text: string): void {
  const seen = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (FORBIDDEN.has(key)) throw new SafetensorsError('InvalidHeader', `header key '${key}' is not allowed`);
        if (seen.has(key)) throw new SafetensorsError('InvalidHeader', `header key '${key}' appears twice`);
        seen.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === '}' || c === ']') {
      depth--;
    } else if (c === ',' && depth === 1) {
      expectKey = true;
    }
  }
}
