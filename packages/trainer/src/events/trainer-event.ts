/** Which loop an event comes from. */
export type Stage = 'train' | 'sanity' | 'validate' | 'test' | 'predict';

/** Scalar metrics by name. */
export type Metrics = Readonly<Record<string, number>>;

/**
 * Everything the trainer publishes on `trainer.events$`: one discriminated union, so an
 * observer narrows on `type` and the compiler checks the fields it reads.
 */
export type TrainerEvent =
  | { readonly type: 'fitStart'; readonly maxEpochs: number; readonly trainBatches: number; readonly hparams: Readonly<Record<string, unknown>> }
  | { readonly type: 'fitEnd'; readonly epoch: number; readonly globalStep: number; readonly status: 'finished' | 'stopped' | 'failed' }
  | { readonly type: 'stageStart'; readonly stage: Stage; readonly batches: number }
  | { readonly type: 'stageEnd'; readonly stage: Stage; readonly metrics: Metrics }
  | { readonly type: 'epochStart'; readonly epoch: number; readonly batches: number }
  | { readonly type: 'epochEnd'; readonly epoch: number; readonly globalStep: number; readonly metrics: Metrics }
  | { readonly type: 'batchStart'; readonly stage: Stage; readonly epoch: number; readonly batchIdx: number; readonly globalStep: number }
  | {
      readonly type: 'batchEnd';
      readonly stage: Stage;
      readonly epoch: number;
      readonly batchIdx: number;
      readonly batches: number;
      readonly globalStep: number;
      readonly loss: number | undefined;
      readonly progBar: Metrics;
    }
  | { readonly type: 'validationEnd'; readonly epoch: number; readonly globalStep: number; readonly metrics: Metrics }
  /** Values for loggers to write at `step` (what `logEveryNSteps` and epoch ends let through). */
  | { readonly type: 'metrics'; readonly step: number; readonly epoch: number; readonly metrics: Metrics }
  | { readonly type: 'checkpointSaved'; readonly path: string; readonly epoch: number; readonly globalStep: number; readonly monitor?: { readonly name: string; readonly value: number } }
  | { readonly type: 'exception'; readonly error: unknown }
  /** The last event of every run: loggers flush and close on it. */
  | { readonly type: 'runEnd'; readonly status: 'finished' | 'stopped' | 'failed' };

export type TrainerEventType = TrainerEvent['type'];

/** The event of one type. */
export type EventOf<K extends TrainerEventType> = Extract<TrainerEvent, { type: K }>;
