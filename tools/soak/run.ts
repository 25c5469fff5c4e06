// `npm run soak -- <name> [args]`: long fault and endurance runs, documented, not in CI.
const [name, ...rest] = process.argv.slice(2);
const soaks: Record<string, string> = { faults: './faults.ts' };
if (!name || !(name in soaks)) {
  console.error(`usage: npm run soak -- <${Object.keys(soaks).join('|')}> [part]`);
  process.exit(2);
}
process.argv = [process.argv[0], process.argv[1], ...rest];
await import(soaks[name]);
