import { Callback, type TrainerView } from '@flint/trainer';
import { sampleDeviceStatus } from './history/device-status.js';
import { toWire } from './history/dashboard-event.js';
import { DashboardServer, DEFAULT_DASHBOARD_PORT } from './server/dashboard-server.js';
import { TOKEN_HEADER } from './server/request-guard.js';

/** Options of `DashboardCallback`. */
export interface DashboardOptions {
  /** Port on 127.0.0.1 (default 8686; 0 picks a free one, which DDP ranks cannot find). */
  readonly port?: number;
  /** Keep serving after fit ends, until `close()` (default false: the server stops with the run). */
  readonly keepOpen?: boolean;
  /** Called with the page's URL once the server listens (default: prints it). */
  readonly onListening?: (url: string) => void;
  /** This process's rank (default: the RANK environment variable, else 0). */
  readonly rank?: number;
}

const STATUS_POST_INTERVAL_MS = 500;

/**
 * Serves the live dashboard of a run. On global rank zero it starts the server at `setup` and
 * feeds it from `trainer.events$` (as an observer: a failure never stops training) until the
 * run's `runEnd`, then stops it unless `keepOpen`. It also reports the devices of its own process after each training batch. Other DDP ranks post their
 * device status to rank zero's server on the same port.
 */
export class DashboardCallback extends Callback {
  private server: DashboardServer | null = null;
  private subscription: { unsubscribe(): void } | null = null;
  private closing: Promise<void> = Promise.resolve();
  private readonly rank: number;
  private batchStartedAt = 0;
  private lastPost = 0;
  /** The run's token for `POST /status`, from rank zero's server. */
  private token = '';

  constructor(private readonly options: DashboardOptions = {}) {
    super();
    this.rank = options.rank ?? Number(process.env['RANK'] ?? 0);
  }

  /** The page's URL while the server listens, else ''. */
  get url(): string {
    return this.server ? this.server.url : '';
  }

  override async setup(trainer: TrainerView): Promise<void> {
    if (!trainer.isGlobalZero) {
      // Every rank takes part in the broadcast of rank zero's token (its server's POST key).
      this.token = await trainer.broadcast('');
      return;
    }
    await this.closing;
    let server = this.server;
    if (!server) {
      server = new DashboardServer();
      const url = await server.listen(this.options.port ?? DEFAULT_DASHBOARD_PORT);
      this.server = server;
      (this.options.onListening ?? ((u: string) => console.log(`flint dashboard: ${u}`)))(url);
    }
    this.token = await trainer.broadcast(server.token);
    if (this.subscription) return;
    const history = server.history;
    this.subscription = trainer.events.observe({
      name: 'DashboardCallback',
      onEvent: (e) => {
        const wire = toWire(e);
        if (wire) history.append(wire);
        if (e.type !== 'runEnd') return;
        this.subscription?.unsubscribe();
        this.subscription = null;
        if (!this.options.keepOpen) void this.close();
      },
    });
  }

  override onTrainBatchStart(): void {
    this.batchStartedAt = performance.now();
  }

  override async onTrainBatchEnd(trainer: TrainerView): Promise<void> {
    const stepMs = performance.now() - this.batchStartedAt;
    const statuses = sampleDeviceStatus(this.rank, stepMs, trainer.globalStep);
    if (this.server) {
      for (const s of statuses) this.server.history.append({ type: 'status', ...s });
      return;
    }
    const now = Date.now();
    if (now - this.lastPost < STATUS_POST_INTERVAL_MS) return;
    this.lastPost = now;
    const target = `http://127.0.0.1:${this.options.port ?? DEFAULT_DASHBOARD_PORT}/status`;
    // A rank that cannot reach the dashboard keeps training; the page just lacks its row.
    await Promise.all(statuses.map((s) => fetch(target, { method: 'POST', body: JSON.stringify(s), headers: { 'content-type': 'application/json', [TOKEN_HEADER]: this.token } }).catch(() => undefined)));
  }

  /** Stops the server (needed with `keepOpen`; otherwise the end of the run does it). */
  close(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = null;
    const s = this.server;
    this.server = null;
    if (s) this.closing = s.close();
    return this.closing;
  }
}
