import { FlintError } from '@flint/core';

/**
 * A metric was given inputs it cannot take (shapes, dtypes, label values out of range) or was
 * asked for something its state cannot give. The message names the metric and the argument.
 */
export class MetricError extends FlintError {}
