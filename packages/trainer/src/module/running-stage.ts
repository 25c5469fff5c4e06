/** The stage a `setup`/`teardown` hook runs for (Lightning's `stage` argument). */
export type RunningStage = 'fit' | 'validate' | 'test' | 'predict';
