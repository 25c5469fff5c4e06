import type { Registry } from '@flint/core';
import type { CallbackFactory } from '../callbacks/callback.js';
import type { LoggerFactory } from '../loggers/logger.js';
import { CSVLogger } from '../loggers/csv-logger.js';
import { JsonlLogger } from '../loggers/jsonl-logger.js';
import { TensorBoardLogger } from '../loggers/tensorboard-logger.js';
import { MemoryLogger } from '../loggers/memory-logger.js';
import { ConsoleLogger } from '../loggers/console-logger.js';
import { ModelCheckpoint, type ModelCheckpointOptions } from '../callbacks/model-checkpoint.js';
import { EarlyStopping, type EarlyStoppingOptions } from '../callbacks/early-stopping.js';
import { LearningRateMonitor } from '../callbacks/learning-rate-monitor.js';
import { Timer } from '../callbacks/timer.js';
import { ModelSummary } from '../callbacks/model-summary.js';

/** The loggers and callbacks that ship with the trainer, by the names configs use. */
export function registerBuiltins(loggers: Registry<LoggerFactory>, callbacks: Registry<CallbackFactory>): void {
  loggers.add('csv', () => new CSVLogger());
  loggers.add('jsonl', () => new JsonlLogger());
  loggers.add('tensorboard', () => new TensorBoardLogger());
  loggers.add('memory', () => new MemoryLogger());
  loggers.add('console', () => new ConsoleLogger());
  callbacks.add('ModelCheckpoint', (o) => new ModelCheckpoint(o as ModelCheckpointOptions));
  callbacks.add('EarlyStopping', (o) => new EarlyStopping(o as unknown as EarlyStoppingOptions));
  callbacks.add('LearningRateMonitor', (o) => new LearningRateMonitor((o.loggingInterval as 'epoch' | 'step') ?? 'epoch'));
  callbacks.add('Timer', (o) => new Timer(Number(o.maxTimeMs)));
  callbacks.add('ModelSummary', () => new ModelSummary());
}
