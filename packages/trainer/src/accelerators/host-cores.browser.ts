// Browser: what the page may use (`navigator.hardwareConcurrency`). Selected by the
// `#host-cores` import's default condition.

/** Logical CPUs available to this page (1 when the browser does not say). */
export function hostCores(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency ?? 1;
}
