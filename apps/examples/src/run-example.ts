/**
 * `npm run example [-- <name>] [-- options]`: runs one example by name ('mlp' when none is
 * given): 'mlp' the MNIST MLP, 'ddp' the same on 4 DDP ranks, 'gpt' the character-level GPT. The name stays in `process.argv`, so a 'ddp' example whose ranks re-run this script
 * picks the same example in every rank.
 */
const examples: Record<string, () => Promise<unknown>> = {
  mlp: () => import('./mlp-trainer.js'),
  ddp: () => import('./mnist-ddp.js'),
  gpt: async () => (await import('./gpt-trainer.js')).gptExample(process.argv.slice(3)),
};

const name = exampleName(process.argv.slice(2));
const run = examples[name];
if (!run) {
  console.error(`npm run example: no example '${name}'; choose one of ${Object.keys(examples).join(', ')}`);
  process.exit(2);
}
await run();

/** The leading word of the arguments, if it is not an option. */
function exampleName(argv: readonly string[]): string {
  return argv[0] !== undefined && !argv[0].startsWith('--') ? argv[0] : 'mlp';
}
