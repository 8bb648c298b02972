// The lease module's public surface: one PC of the clinic syncs (leader), the others watch (viewers).
export { LeaseKeeper } from './keeper';
export type { KeeperState, RequestContext, RequestHandler, Role, RoleListener } from './keeper';
export { LeaseSidecar, READ_ONLY_FOLDER_MESSAGE, holderIdOf, sidecarPathFor } from './sidecar';
export type { SidecarOptions } from './sidecar';
export { LeaseError, NotLeaderError } from './errors';
export type { LeaseErrorCode } from './errors';
export { HandoverSchema, LeaseRequestSchema, PublishedStatusSchema, RequestOutcomeSchema } from './schema';
export type {
  Handover,
  HandoverRecord,
  LeaseRequest,
  LeaseRow,
  PublishedStatus,
  QueuedRequest,
  RequestOutcome,
  StatusRecord,
} from './schema';
