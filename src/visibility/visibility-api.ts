/**
 * The read API every front end (HTTP server, CLI, exports) calls. Each
 * function takes the viewer as a required argument and applies the
 * visibility rule itself; `at` (epoch ms, default now) is the instant at
 * which responsibility is judged. Shapes are in record-view.ts.
 */
export {
  listDeviceRecords,
  listFeed,
  listMpxnRecords,
} from './record-query.ts';
export { getThread, listPendingCommands } from './thread-query.ts';
export { explainDevice } from './device-explanation.ts';
export {
  type CountBucket,
  countSrvs,
  type SrvCount,
  type SrvCountRequest,
} from './srv-count-query.ts';
export { resolveSearch } from './search-resolver.ts';
export type * from './record-view.ts';
