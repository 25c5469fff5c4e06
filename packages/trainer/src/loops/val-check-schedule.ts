/** When validation runs during training (Lightning's valCheckInterval/checkValEveryNEpoch). */
export class ValCheckSchedule {
  /**
   * @param valCheckInterval a fraction of the epoch (default 1.0: at its end) or a batch count
   * @param checkValEveryNEpoch validate every N epochs (fractional intervals only)
   * @param enabled false when there is no validation data or `limitValBatches` is 0
   */
  constructor(
    private readonly valCheckInterval: number,
    private readonly checkValEveryNEpoch: number,
    private readonly enabled: boolean,
  ) {
    if (!(valCheckInterval > 0)) throw new RangeError(`valCheckInterval must be > 0, got ${valCheckInterval}`);
    if (valCheckInterval > 1 && !Number.isInteger(valCheckInterval)) throw new RangeError(`valCheckInterval must be a fraction in (0, 1] or a batch count, got ${valCheckInterval}`);
    if (!Number.isInteger(checkValEveryNEpoch) || checkValEveryNEpoch < 1) throw new RangeError(`checkValEveryNEpoch must be a positive integer, got ${checkValEveryNEpoch}`);
  }

  /** Whether validation runs after `done` batches of `epoch` (of `batches` in it). */
  dueAfter(epoch: number, done: number, batches: number): boolean {
    if (!this.enabled || (epoch + 1) % this.checkValEveryNEpoch !== 0) return false;
    if (this.valCheckInterval > 1 || (this.valCheckInterval === 1 && Number.isInteger(this.valCheckInterval) && batches === Infinity)) {
      return done % this.valCheckInterval === 0;
    }
    const every = batches === Infinity ? Infinity : Math.max(1, Math.floor(batches * this.valCheckInterval));
    return done === batches || done % every === 0;
  }
}
