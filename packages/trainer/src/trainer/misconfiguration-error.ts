import { FlintError } from '@flint/core';

/**
 * The Trainer was asked for something it cannot run (Lightning's `MisconfigurationException`):
 * no data for a stage, a missing step, options that contradict each other. Thrown before any
 * rank is launched, so a multi-device run reports it once.
 */
export class MisconfigurationError extends FlintError {}
