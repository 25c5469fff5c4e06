// Live dashboard of a Flint run: a node:http server with Server-Sent Events fed from trainer.events$.
export { DashboardCallback } from './dashboard-callback.js';
export type { DashboardOptions } from './dashboard-callback.js';
export { serveDashboard } from './serve-dashboard.js';
export { DashboardServer, DEFAULT_DASHBOARD_PORT } from './server/dashboard-server.js';
export { RunHistory } from './history/run-history.js';
export { toWire } from './history/dashboard-event.js';
export type { DashboardEvent, DashboardPayload, DeviceStatus, WireTrainerEvent } from './history/dashboard-event.js';
export { readRunDirectory } from './run-directory/read-run-directory.js';
export { parseMetricsCsv, parseMetricsJsonl, parseHparamsYaml } from './run-directory/metrics-files.js';
export type { MetricsRow } from './run-directory/metrics-files.js';
