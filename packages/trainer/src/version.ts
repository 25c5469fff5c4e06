/** The Flint release this trainer belongs to; written into every checkpoint. */
export const FLINT_VERSION = '0.1.0';
