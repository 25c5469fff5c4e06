import type { TrainerEvent } from '@flint/trainer';

/** Memory in use and the last step time of one rank's device, as the status table shows it. */
export interface DeviceStatus {
  readonly rank: number;
  readonly device: string;
  /** Bytes the device's buffers hold now (`memory()` of @flint/core). */
  readonly memoryBytes: number;
  readonly buffers: number;
  /** Wall time of the last training step on this rank, in milliseconds. */
  readonly stepMs: number;
  readonly globalStep: number;
}

/** The trainer's events as they travel to the page: JSON-safe (an exception carries its message). */
export type WireTrainerEvent =
  | Exclude<TrainerEvent, { type: 'exception' } | { type: 'batchStart' }>
  | { readonly type: 'exception'; readonly message: string };

/**
 * One message of the dashboard's stream: a trainer event or a device status, with its sequence
 * number (the SSE id, so a reconnecting page resumes where it was) and the server's time.
 */
export type DashboardEvent = (WireTrainerEvent | ({ readonly type: 'status' } & DeviceStatus)) & {
  readonly seq: number;
  /** Milliseconds since the epoch when the server saw it (throughput is computed from these). */
  readonly at: number;
};

/** What `DashboardEvent` is before the history numbers it. */
export type DashboardPayload = WireTrainerEvent | ({ readonly type: 'status' } & DeviceStatus);

/**
 * The wire form of a trainer event, or null for events the page does not use (batch starts,
 * which would double the stream for nothing).
 */
export function toWire(e: TrainerEvent): WireTrainerEvent | null {
  if (e.type === 'batchStart') return null;
  if (e.type === 'exception') return { type: 'exception', message: e.error instanceof Error ? `${e.error.name}: ${e.error.message}` : String(e.error) };
  return e;
}
