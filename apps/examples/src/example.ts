/**
 * `npm run example [-- NAME] [options]`: runs one example. Without a name, the MNIST MLP
 * (`mlp-trainer.ts`); `gpt`: the character-level GPT on first names (`gpt-trainer.ts`).
 */
const [name, ...rest] = process.argv.slice(2);
if (name === 'gpt') {
  const { gptExample } = await import('./gpt-trainer.js');
  await gptExample(rest);
} else if (name === undefined || name.startsWith('--')) {
  await import('./mlp-trainer.js');
} else {
  console.error(`example: unknown example '${name}' (known: gpt; none for the MNIST MLP)`);
  process.exit(2);
}
