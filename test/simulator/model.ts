/**
 * The in-memory CleverReach account: state and operations, no HTTP. `Model` is the one facade tests and adapters
 * use (`sim.model.*`); it is assembled from one module per part of the account in model/, each class building on
 * the one before, so a part only calls what lies below it:
 *
 *   store (state, indexes, rendering) → groups (account, groups, attributes) → forms (forms, blacklists) →
 *   receivers (writes in a group) → receiverRecords (a receiver across the account) → search (lists, filter.json,
 *   bounces, tags, segments) → mailings → reports
 *
 * Methods that do not start with `_` are public: tests (and `POST /__sim/model`) call them to drive ground truth
 * (subscribes, system-side unsubscribes, bounces, finishing mailings...). They return plain JSON-able values in the
 * API's shapes and throw `SimError` (status + detail) on bad input. Every receiver write reaches the event log
 * (`history`), the lagged search (`search`) and the change listeners (`changeListeners`: the eventhooks module).
 */
import { ReportsModel } from './model/reports.ts';

export { DETAIL_ALL, DETAIL_EVENTS, DETAIL_ORDERS, DETAIL_TAGS, isActive } from './model/store.ts';
export type { Account, Json, ModelChange, Query } from './model/store.ts';

export class Model extends ReportsModel {}
