import type { KeyedHeap } from "./heap";
import type { Contact as ContactRecord, Timer } from "./model";
import type { Channel, StepTarget } from "./types";

/**
 * The engine's runtime shapes: a contact as the engine holds it, its buckets and its pending timers. What is
 * exported (`ContactRecord`, `Timer`) is built from them and read back into them on restore.
 */

/** Timer kinds by index: a contact's tokens are an array read by `kind`, not a dictionary keyed by name. */
export const TIMER_KINDS = ["step", "offer", "wrap_up", "at_risk", "breach", "choice", "max_wait"] as const satisfies readonly Timer["kind"][];
export const STEP = 0;
export const OFFER = 1;
export const WRAP_UP = 2;
export const AT_RISK = 3;
export const BREACH = 4;
export const CHOICE = 5;
export const MAX_WAIT = 6;
/** Not a timer: set while an offer is in flight when the step timer fell due (kept with the tokens, as before). */
export const STEP_PENDING = 7;
const TOKEN_NAMES = [...TIMER_KINDS, "stepPending"] as const;
const KIND_INDEX: Record<string, number> = Object.fromEntries(TIMER_KINDS.map((k, i) => [k, i]));

export function kindIndex(kind: string): number | undefined {
  return KIND_INDEX[kind];
}

/**
 * A contact as the engine holds it: its record (what is exported) and, never exported, where it is kept —
 * so moving it needs no map keyed by its id.
 */
export interface Contact extends Omit<ContactRecord, "tokens"> {
  /** One token per timer kind by index (0: never armed); a timer whose token is no longer current is ignored. */
  tok: number[];
  /** The bucket it was last put in (saves finding it again on every match). */
  bucket: Bucket | null;
  /** Its queue's row of buckets (by step and channel) while `rowGeneration` is current. */
  row: Bucket[] | null;
  rowGeneration: number;
  /** The waiting list of its queue it is in, and its place there; null and -1 when not waiting in a bucket. */
  waitingIn: Contact[] | null;
  waitingSlot: number;
  /** Marked for matching (in `dirtyContacts`). */
  dirty: boolean;
  /** Still in the engine: false once it has left, so a stale reference to it is ignored. */
  live: boolean;
}

/**
 * A live contact from its record (on arrival or restore). Every field is set in one literal, in one order,
 * so all contacts share one shape and nothing is added to them later.
 */
export function liveContact(r: ContactRecord): Contact {
  return {
    id: r.id,
    tenantId: r.tenantId,
    queueId: r.queueId,
    channel: r.channel,
    priority: r.priority,
    requiredSkills: r.requiredSkills,
    skillsKey: r.skillsKey,
    topic: r.topic,
    customerRef: r.customerRef,
    arrivedAt: r.arrivedAt,
    seq: r.seq,
    status: r.status,
    step: r.step,
    stepStartedAt: r.stepStartedAt,
    agentId: r.agentId,
    pinnedAgentId: r.pinnedAgentId,
    virtualHold: r.virtualHold,
    answeredAt: r.answeredAt,
    deadlineAt: r.deadlineAt,
    version: r.version,
    hops: r.hops,
    choiceOffered: r.choiceOffered,
    held: r.held,
    tok: TOKEN_NAMES.map((k) => r.tokens[k] ?? 0),
    bucket: null,
    row: null,
    rowGeneration: -1,
    waitingIn: null,
    waitingSlot: -1,
    dirty: false,
    live: true,
  };
}

/** The exported record, its fields in the order they have always been written in. */
export function contactRecord(c: Contact): ContactRecord {
  // Tokens never armed are left out, as they were before every kind had its place.
  const tokens: Record<string, number> = {};
  for (let i = 0; i < TOKEN_NAMES.length; i++) if (c.tok[i] !== 0) tokens[TOKEN_NAMES[i]!] = c.tok[i]!;
  const record: ContactRecord = {
    id: c.id,
    tenantId: c.tenantId,
    queueId: c.queueId,
    channel: c.channel,
    priority: c.priority,
    requiredSkills: c.requiredSkills,
    skillsKey: c.skillsKey,
    topic: c.topic,
    customerRef: c.customerRef,
    arrivedAt: c.arrivedAt,
    seq: c.seq,
    status: c.status,
    step: c.step,
    stepStartedAt: c.stepStartedAt,
    agentId: c.agentId,
    pinnedAgentId: c.pinnedAgentId,
    virtualHold: c.virtualHold,
    answeredAt: c.answeredAt,
    deadlineAt: c.deadlineAt,
    version: c.version,
    tokens,
    hops: c.hops,
    choiceOffered: c.choiceOffered,
  };
  if (c.held !== undefined) record.held = c.held;
  return record;
}

export interface Bucket {
  key: string;
  queueId: string;
  /** The queue's client line: only agents serving it are eligible. */
  tenantId: string;
  step: number;
  channel: Channel;
  target: StepTarget;
  required: Contact["requiredSkills"];
  /** Waiting contacts, each tagged with its version when filed (a contact that has since moved is stale). */
  heap: KeyedHeap<Contact>;
  /** The buckets sharing this one's channel and required skills, kept in order of their recorded heads. */
  group: BucketGroup;
  /**
   * A lower bound of the bucket's head, by which its group's `order` keeps non-empty buckets sorted. It may be stale
   * (that contact was since offered or left, so the real head comes later), never too late: a push that
   * beats it moves the bucket forward at once.
   */
  recorded: Contact | null;
}

/**
 * Buckets of one channel and one set of required skills (every queue and step), in order of their recorded
 * heads. Only an agent who holds all the required skills can serve any of them, so a freed agent looks into
 * the few groups it qualifies for and never walks past the buckets of languages it does not speak.
 */
export interface BucketGroup {
  channel: Channel;
  /** Required skills (names only; proficiency floors are the buckets' business). Empty for named-agent steps. */
  skills: string[];
  order: Bucket[];
}

/** Files a contact under its waiting order (contactBefore: higher priority, earlier arrival, first seen), tagged with its version. */
export function pushContact(heap: KeyedHeap<Contact>, c: Contact): void {
  heap.push(c, -c.priority, c.arrivedAt, c.seq, c.version);
}

/**
 * A pending timer holds its contact, so firing it needs no lookup; exported as a `Timer` (by contact id).
 * Timers are reused once fired or found stale (the engine keeps the spares), so arming allocates nothing.
 */
export interface LiveTimer {
  at: number;
  seq: number;
  /** Index into TIMER_KINDS. */
  kind: number;
  /** null while the timer is a spare. */
  contact: Contact | null;
  token: number;
}
