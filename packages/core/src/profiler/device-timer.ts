/** Where and how long a kernel's work ran on the device, in milliseconds of the device's clock. */
export interface DeviceSpan {
  /**
   * Device timestamp of the kernel's first dispatch, in ms (the device's own epoch, not
   * `performance.now()`); null for a kernel that recorded no device work (a 0 ms span).
   */
  readonly startMs: number | null;
  /** Summed device time of the kernel's dispatches. */
  readonly durationMs: number;
}

/** The device time of one kernel run, which the device reports some time after the run. */
export interface PendingDeviceTime {
  readonly timer: DeviceTimer;
  /** Settles once the work was submitted and ran; rejects when the device could not time it. */
  readonly span: Promise<DeviceSpan>;
}

/**
 * A backend's clock on its device (WebGPU timestamp queries). Kernel dispatch calls `begin`
 * before and `end` after each kernel while a profile records, so only profiled runs pay for
 * it. Runs nest (a kernel may run another): `end` closes the latest `begin`.
 */
export interface DeviceTimer {
  /** What the durations measure: `'gpu'`, time between timestamps written on the device. */
  readonly timing: 'gpu';
  begin(): void;
  /** The device time of the work recorded since the matching `begin` (0 ms when there was none). */
  end(): PendingDeviceTime;
  /** Submits the recorded work so that every pending span settles without further ops. */
  flush(): void;
}
