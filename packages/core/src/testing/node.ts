// `@flint/core/testing/node`: the Node-only parts of the testing kit (files on disk).
export { nodeFixtureSource, defaultGoldenDir } from './node-fixture-source.js';
