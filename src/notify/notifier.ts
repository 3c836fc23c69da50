// The Notifier listens to case changes and puts every message they call for into the durable outbox,
// then wakes the delivery worker. Planning is deterministic and keyed (plan.ts, outbox.ts), so the
// recovery pass `reconcile` can re-plan the recent events of recently changed cases: a process that died
// between the case update and this listener loses nothing, and nothing is sent twice.
import type { Collection, Db } from 'mongodb';
import type { CaseChange, CaseListener } from '../cases/case-service.js';
import { CASES_COLLECTION } from '../cases/cases-repository.js';
import type { CaseDoc, Party } from '../cases/types.js';
import type { Member } from '../identity/types.js';
import type { Logger } from '../log/logger.js';
import type { DeliveryWorker } from './delivery-worker.js';
import type { MessageContext } from './message-kinds.js';
import type { NewDelivery, NotificationOutbox } from './outbox.js';
import { planForEvent, type PlannedMessage } from './plan.js';
import type { MemberDirectory } from './ports.js';
import { renderChat, renderEmail } from './templates.js';

export interface NotifierOptions {
  outbox: NotificationOutbox;
  members: MemberDirectory;
  /** Woken (not awaited) after each enqueue; absent → entries wait for the worker's next poll. */
  worker?: Pick<DeliveryWorker, 'drain'>;
  platformName: string;
  /** Base URL of the web chat page (a function when the port is known only after start). */
  publicUrl: string | (() => string);
  supportEmail: string;
  /** Human name of a complaint type id. */
  typeName?: (typeId: string) => string | undefined;
  /** The form field labels of a complaint type, by field id (emails show them instead of the ids). */
  fieldLabels?: (typeId: string) => Record<string, string> | undefined;
  clock?: () => Date;
  logger: Logger;
}

interface Recipient {
  email?: string;
  memberIds: string[];
  timeZone?: string;
}

function timeZoneOf(member: Member | null | undefined): string | undefined {
  return member?.timeZone ?? member?.accounts.find((a) => a.timeZone)?.timeZone;
}

export class Notifier implements CaseListener {
  private readonly clock: () => Date;

  constructor(private readonly options: NotifierOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** CaseListener: plan, store durably, wake the worker. Errors are logged; the reconcile pass retries. */
  async onCaseChanged({ caseDoc, event }: CaseChange): Promise<void> {
    try {
      const inserted = await this.options.outbox.enqueue(await this.deliveriesFor(caseDoc, event), this.clock());
      if (inserted > 0) {
        this.options.worker?.drain().catch((err: unknown) => this.options.logger.error({ err }, 'notification worker pass failed'));
      }
    } catch (err) {
      this.options.logger.error({ err, caseNumber: caseDoc.number, event: event.type }, 'could not queue notifications; the recovery pass will retry');
    }
  }

  /** Outbox entries for one event: one per message, recipient and channel. */
  async deliveriesFor(caseDoc: CaseDoc, event: CaseChange['event']): Promise<NewDelivery[]> {
    const planned = planForEvent(caseDoc, event);
    const recipients = new Map<string, Recipient>();
    const out: NewDelivery[] = [];
    for (const p of planned) {
      if (!recipients.has(p.reader)) recipients.set(p.reader, await this.recipient(caseDoc, p.reader));
      const r = recipients.get(p.reader) as Recipient;
      const ctx = this.context(caseDoc, p, r.timeZone);
      const common = { caseNumber: caseDoc.number, kind: p.kind, ...(p.guard ? { guard: p.guard } : {}) };
      const key = `${p.occasion}:${p.kind}:${p.reader}`;
      if (p.channels.includes('email') && r.email) {
        out.push({ ...common, _id: `${key}:email`, channel: 'email', to: r.email, email: renderEmail(ctx) });
      }
      if (p.channels.includes('chat')) {
        const chat = renderChat(ctx);
        if (p.reader === 'support') out.push({ ...common, _id: `${key}:support_chat`, channel: 'support_chat', chat });
        else for (const memberId of r.memberIds) out.push({ ...common, _id: `${key}:chat:${memberId}`, channel: 'chat', memberId, chat });
      }
    }
    return out;
  }

  /**
   * Recovery: re-plans the events since `since` of cases changed since then. Entries already queued keep
   * their keys, so only what was lost is added. Returns the number of new entries.
   */
  async reconcile(cases: RecentCases, since: Date): Promise<number> {
    let added = 0;
    for (const caseDoc of await cases.changedSince(since)) {
      for (const event of caseDoc.events) {
        if (new Date(event.at).getTime() < since.getTime()) continue;
        added += await this.options.outbox.enqueue(await this.deliveriesFor(caseDoc, event), this.clock());
      }
    }
    if (added > 0) {
      this.options.logger.warn({ added }, 'recovered notifications that were not queued');
      this.options.worker?.drain().catch((err: unknown) => this.options.logger.error({ err }, 'notification worker pass failed'));
    }
    return added;
  }

  private async recipient(caseDoc: CaseDoc, reader: Party | 'support'): Promise<Recipient> {
    const { members } = this.options;
    if (reader === 'support') return { email: this.options.supportEmail, memberIds: [] };
    if (reader === 'complainant') {
      const member = await members.getById(caseDoc.complainant.memberId);
      // The same person may chat from another identity that verified the same email.
      const others = caseDoc.complainant.emailVerified ? await members.findByEmail(caseDoc.complainant.email) : [];
      const memberIds = [...new Set([caseDoc.complainant.memberId, ...others.map((m) => m._id)])];
      return { email: caseDoc.complainant.email, memberIds, timeZone: timeZoneOf(member) };
    }
    // The respondent is reached in chat as the member linked to the case and as every other chat
    // identity (a second browser, another device) that verified its email.
    const linked = caseDoc.respondent.memberId ? await members.getById(caseDoc.respondent.memberId) : null;
    const verified = await members.findByEmail(caseDoc.respondent.email);
    const found = [...(linked ? [linked] : []), ...verified.filter((m) => m._id !== linked?._id)];
    return { email: caseDoc.respondent.email, memberIds: found.map((m) => m._id), timeZone: timeZoneOf(found[0]) };
  }

  private context(caseDoc: CaseDoc, p: PlannedMessage, timeZone: string | undefined): MessageContext {
    return {
      kind: p.kind,
      reader: p.reader,
      platformName: this.options.platformName,
      publicUrl: typeof this.options.publicUrl === 'function' ? this.options.publicUrl() : this.options.publicUrl,
      caseDoc,
      typeName: this.options.typeName?.(caseDoc.typeId),
      fieldLabels: this.options.fieldLabels?.(caseDoc.typeId),
      state: p.state,
      deadline: p.deadline ? new Date(p.deadline) : undefined,
      timeZone,
      actor: p.actor,
      note: p.note,
      now: this.clock(),
      stepHours: p.stepHours,
      missedParty: p.missedParty,
    };
  }
}

/** Cases changed since a moment, for the recovery pass. */
export interface RecentCases {
  changedSince(since: Date): Promise<CaseDoc[]>;
}

/**
 * Reads the `cases` collection directly (read only) by `updatedAt`; `ensureIndex` adds the index it
 * needs ({updatedAt: 1}, named notify_recent) — the only index this module adds to the cases collection.
 */
export function recentCasesFrom(db: Db, limit = 500): RecentCases & { ensureIndex(): Promise<void> } {
  const cases: Collection<CaseDoc> = db.collection<CaseDoc>(CASES_COLLECTION);
  return {
    changedSince: (since) => cases.find({ updatedAt: { $gte: since } }).sort({ updatedAt: 1 }).limit(limit).toArray(),
    ensureIndex: async () => {
      await cases.createIndex({ updatedAt: 1 }, { name: 'notify_recent' });
    },
  };
}
