// Selected by the `#replica-threads` import outside Node: there are no worker_threads here.
import type { ThreadedForwardFactory } from './replica-threads.js';

export const createThreadedForward: ThreadedForwardFactory = () => {
  throw new Error("strategy 'dp' with replica threads (the replica option) needs Node's worker_threads; leave the option out to run the replicas on this thread");
};
