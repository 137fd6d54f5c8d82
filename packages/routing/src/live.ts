import type { KeyedHeap } from "./heap";
import type { Contact as ContactRecord, Timer } from "./model";
import type { Channel, StepTarget } from "./types";

/**
 * The engine's runtime shapes: a contact as the engine holds it, its buckets and its pending timers. What is
 * exported (`ContactRecord`, `Timer`) is built from them and read back into them on restore.
 */

/**
 * Timer kinds by index. A contact keeps one token per kind in a field of its own (not a dictionary keyed by
 * name, nor an array beside it): checking a due timer then reads the contact alone, one fetch from memory
 * rather than two for a contact last touched minutes of traffic ago.
 */
export const TIMER_KINDS = ["step", "offer", "wrap_up", "at_risk", "breach", "choice", "max_wait"] as const satisfies readonly Timer["kind"][];
export const STEP = 0;
export const OFFER = 1;
export const WRAP_UP = 2;
export const AT_RISK = 3;
export const BREACH = 4;
export const CHOICE = 5;
export const MAX_WAIT = 6;
/** Not a timer: set while an offer is in flight when the step timer fell due (kept with the tokens, as before). */
const STEP_PENDING = 7;
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
  /** One token per timer kind (0: never armed); a timer whose token is no longer current is ignored. */
  stepToken: number;
  offerToken: number;
  wrapUpToken: number;
  atRiskToken: number;
  breachToken: number;
  choiceToken: number;
  maxWaitToken: number;
  /** 1 while an offer is in flight and the step timer fell due: the contact moves on if the offer comes back. */
  stepPending: number;
  /** The bucket it was last put in (saves finding it again on every match). */
  bucket: Bucket | null;
  /** Its queue's row of buckets (by step and channel) while `rowGeneration` is current. */
  row: Bucket[] | null;
  rowGeneration: number;
  /** The waiting list of its queue it is in, and its place there; null and -1 when not waiting in a bucket. */
  waitingIn: Contact[] | null;
  waitingSlot: number;
  /** While in a waiting list: the class it is counted in there (its queue, channel and priority). */
  waitClass: WaitClass | null;
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
    stepToken: r.tokens.step ?? 0,
    offerToken: r.tokens.offer ?? 0,
    wrapUpToken: r.tokens.wrap_up ?? 0,
    atRiskToken: r.tokens.at_risk ?? 0,
    breachToken: r.tokens.breach ?? 0,
    choiceToken: r.tokens.choice ?? 0,
    maxWaitToken: r.tokens.max_wait ?? 0,
    stepPending: r.tokens.stepPending ?? 0,
    bucket: null,
    row: null,
    rowGeneration: -1,
    waitingIn: null,
    waitingSlot: -1,
    waitClass: null,
    dirty: false,
    live: true,
  };
}

/** A contact's token of a timer kind (or STEP_PENDING). */
export function tokenOf(c: Contact, kind: number): number {
  switch (kind) {
    case STEP:
      return c.stepToken;
    case OFFER:
      return c.offerToken;
    case WRAP_UP:
      return c.wrapUpToken;
    case AT_RISK:
      return c.atRiskToken;
    case BREACH:
      return c.breachToken;
    case CHOICE:
      return c.choiceToken;
    case MAX_WAIT:
      return c.maxWaitToken;
    case STEP_PENDING:
      return c.stepPending;
    default:
      return 0;
  }
}

export function setToken(c: Contact, kind: number, token: number): void {
  switch (kind) {
    case STEP:
      c.stepToken = token;
      return;
    case OFFER:
      c.offerToken = token;
      return;
    case WRAP_UP:
      c.wrapUpToken = token;
      return;
    case AT_RISK:
      c.atRiskToken = token;
      return;
    case BREACH:
      c.breachToken = token;
      return;
    case CHOICE:
      c.choiceToken = token;
      return;
    case MAX_WAIT:
      c.maxWaitToken = token;
      return;
    case STEP_PENDING:
      c.stepPending = token;
      return;
  }
}

/** A contact leaving the engine drops every token, so none of its pending timers matches any more. */
export function clearTokens(c: Contact): void {
  for (let kind = 0; kind < TOKEN_NAMES.length; kind++) setToken(c, kind, 0);
}

/** The exported record, its fields in the order they have always been written in. */
export function contactRecord(c: Contact): ContactRecord {
  // Tokens never armed are left out, as they were before every kind had its place.
  const tokens: Record<string, number> = {};
  for (let i = 0; i < TOKEN_NAMES.length; i++) {
    const token = tokenOf(c, i);
    if (token !== 0) tokens[TOKEN_NAMES[i]!] = token;
  }
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
  /** Its queue's waiting classes of its channel, so counting a contact in needs no lookup by queue. */
  waitClasses: WaitClass[];
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

/**
 * The contacts waiting in one queue, of one channel and one priority: how many, and the last of them in
 * waiting order ever counted in (an upper bound: it stays when that contact leaves). A contact that is that
 * last one is behind every other of its class, so its place in line is the count of its class and of the
 * classes of higher priority beside it — no walk of the queue (`contact(id)` on every created contact).
 */
export interface WaitClass {
  priority: number;
  count: number;
  lastArrivedAt: number;
  lastSeq: number;
  /** Every class of the same queue and channel, this one included. */
  siblings: WaitClass[];
}

/** Files a contact under its waiting order (contactBefore: higher priority, earlier arrival, first seen), tagged with its version. */
export function pushContact(heap: KeyedHeap<Contact>, c: Contact): void {
  heap.push(c, -c.priority, c.arrivedAt, c.seq, c.version);
}
