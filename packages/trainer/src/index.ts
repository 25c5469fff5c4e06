// Trainer
export { Trainer } from './trainer/trainer.js';
export { MisconfigurationError } from './trainer/misconfiguration-error.js';
export { rankZeroOnly, rankZeroPrint } from './trainer/rank-zero.js';
export type { RankInfo } from './trainer/rank-info.js';
export { DataSource } from './data/data-source.js';
export type { DataHook, DataArgument } from './data/data-source.js';
export type { TrainerOptions, ResolvedOptions } from './trainer/trainer-options.js';
export type { StrategyOption, StrategyName, StrategyConfig, DdpStrategyConfig, DpStrategyConfig, SingleStrategyConfig } from './trainer/strategy-config.js';
export type { BatchLimit } from './loops/batch-limit.js';

// Modules
export { LightningModule } from './module/lightning-module.js';
export type { StepOutput, TrainerLink, GradientClipAlgorithm } from './module/lightning-module.js';
export { LightningDataModule } from './module/lightning-data-module.js';
export type { BatchSource } from './module/lightning-data-module.js';
export type { LogOptions, ReduceFx } from './module/log-options.js';
export type { LoggableMetric } from './module/loggable-metric.js';
export { isLoggableMetric } from './module/loggable-metric.js';
export type { OptimizerConfig, SchedulerConfig } from './module/optimizer-config.js';
export type { RunningStage } from './module/running-stage.js';

// Events
export { EventBus } from './events/event-bus.js';
export type { EventObserver } from './events/event-bus.js';
export type { TrainerEvent, TrainerEventType, EventOf, Metrics, Stage } from './events/trainer-event.js';
export { ObserverErrors } from './events/observer-errors.js';
export { UnevenBatchesError } from './loops/batch-agreement.js';
export type { Reporter } from './events/reporter.js';

// Callbacks
export { Callback } from './callbacks/callback.js';
export type { BatchOutputs, CallbackFactory } from './callbacks/callback.js';
export { CallbackRunner, CallbackError } from './callbacks/callback-runner.js';
export type { TrainerView } from './callbacks/trainer-view.js';
export { ModelCheckpoint } from './callbacks/model-checkpoint.js';
export type { ModelCheckpointOptions } from './callbacks/model-checkpoint.js';
export { CheckpointPolicy, formatCheckpointName } from './callbacks/checkpoint-policy.js';
export { EarlyStopping } from './callbacks/early-stopping.js';
export type { EarlyStoppingOptions } from './callbacks/early-stopping.js';
export { LearningRateMonitor } from './callbacks/learning-rate-monitor.js';
export { ProgressBar } from './callbacks/progress-bar.js';
export { defaultSink } from './callbacks/progress-bar.js';
export type { ProgressPayload, ProgressSink, TtyBar, TtyBarFactory } from './callbacks/progress-bar.js';
export { ModelSummary, formatSummary } from './callbacks/model-summary.js';
export { Timer } from './callbacks/timer.js';
export { LambdaCallback } from './callbacks/lambda-callback.js';
export type { LambdaHooks } from './callbacks/lambda-callback.js';
export { OnExceptionCheckpoint } from './callbacks/on-exception-checkpoint.js';
export type { OnExceptionCheckpointOptions } from './callbacks/on-exception-checkpoint.js';
export { BackboneFinetuning } from './callbacks/backbone-finetuning.js';
export { WeightAveraging } from './callbacks/weight-averaging.js';
export { GradientAccumulationScheduler } from './callbacks/gradient-accumulation-scheduler.js';
export { ThroughputMonitor, firstTensorRows } from './callbacks/throughput-monitor.js';
export type { ThroughputMonitorOptions } from './callbacks/throughput-monitor.js';
export { DeviceStatsMonitor } from './callbacks/device-stats-monitor.js';
export type { DeviceStatsMonitorOptions } from './callbacks/device-stats-monitor.js';
export { EMAWeightAveraging } from './callbacks/ema-weight-averaging.js';
export type { EMAWeightAveragingOptions } from './callbacks/ema-weight-averaging.js';
export { StochasticWeightAveraging } from './callbacks/stochastic-weight-averaging.js';
export type { StochasticWeightAveragingOptions } from './callbacks/stochastic-weight-averaging.js';
export type { BackboneFinetuningOptions } from './callbacks/backbone-finetuning.js';

// Tuner
export { Tuner } from './tuner/tuner.js';
export { LrFindResult, LrFinderCallback } from './tuner/lr-finder.js';
export type { LrFindOptions } from './tuner/lr-finder.js';
export { searchBatchSize, isOutOfMemory } from './tuner/batch-size-search.js';
export type { ScaleBatchSizeOptions } from './tuner/batch-size-search.js';
export { BasePredictionWriter } from './callbacks/prediction-writer.js';
export type { WriteInterval } from './callbacks/prediction-writer.js';

// Profiler
export { Profiler } from './profiler/profiler.js';
export type { ProfilerSummary } from './profiler/profiler.js';
export type { ActionStat } from './profiler/action-stats.js';
export { formatProfilerTable } from './profiler/profiler-table.js';
export { writeProfilerFiles } from './profiler/profiler-files.js';
export type { ProfilerFiles } from './profiler/profiler-files.js';

// Loggers
export type { Logger, LoggerFactory } from './loggers/logger.js';
export { CSVLogger } from './loggers/csv-logger.js';
export { JsonlLogger } from './loggers/jsonl-logger.js';
export { TensorBoardLogger } from './loggers/tensorboard-logger.js';
export type { TensorBoardLoggerOptions } from './loggers/tensorboard-logger.js';
export { encodePng } from './loggers/png-encode.js';
export { ParameterHistograms } from './callbacks/parameter-histograms.js';
export type { ParameterHistogramsOptions } from './callbacks/parameter-histograms.js';
export { readRecords, frameRecord, TfRecordError } from './loggers/tfrecord.js';
export { crc32c, maskedCrc32c } from './loggers/crc32c.js';
export { MemoryLogger } from './loggers/memory-logger.js';
export type { LoggedRow } from './loggers/memory-logger.js';
export { ConsoleLogger } from './loggers/console-logger.js';

// Checkpoints
export { CheckpointCorruptError } from './checkpoint/checkpoint-corrupt-error.js';
export { AtomicCheckpointIO } from './checkpoint/checkpoint-io.js';
export { checkpointToBlob, checkpointFromBlob } from './checkpoint/checkpoint-blob.js';
export { packTar, unpackTar } from './checkpoint/tar-archive.js';
export type { CheckpointIO } from './checkpoint/checkpoint-io.js';
export type { CheckpointState } from './checkpoint/checkpoint-state.js';
export { loadFromCheckpoint } from './checkpoint/load-from-checkpoint.js';
export type { LoadFromCheckpointOptions, ModuleFromHparams } from './checkpoint/load-from-checkpoint.js';

// Strategies, accelerators, DI
export { SingleDeviceStrategy } from './strategies/single-device-strategy.js';
export { createContainer } from './di/container.js';
export type { ContainerOverrides } from './di/container.js';
export { PluginLoader, MissingPluginError, KNOWN_PLUGINS } from './di/plugin-loader.js';
export type { FileStat, FileSystem } from './io/file-system.js';
export { MemoryFileSystem } from './io/memory-file-system.js';
export { FLINT_VERSION } from './version.js';
