import { and, count, desc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { AlertState } from '../../../../common/dashboards-alerts.ts';
import type { Executor } from '../../../platform/db/index.ts';
import { alertEvents, alertRules, alertSilences } from './tables.ts';

export type AlertRuleRow = typeof alertRules.$inferSelect;
export type AlertEventRow = typeof alertEvents.$inferSelect;
export type AlertSilenceRow = typeof alertSilences.$inferSelect;

export async function insertAlertRule(db: Executor, values: typeof alertRules.$inferInsert): Promise<AlertRuleRow> {
  const [row] = await db.insert(alertRules).values(values).returning();
  return row!;
}

export async function findAlertRule(db: Executor, ruleId: string): Promise<AlertRuleRow | undefined> {
  const [row] = await db.select().from(alertRules).where(eq(alertRules.id, ruleId));
  return row;
}

export function listAlertRules(db: Executor, orgId: string): Promise<AlertRuleRow[]> {
  return db.select().from(alertRules).where(eq(alertRules.orgId, orgId)).orderBy(desc(alertRules.createdAt));
}

export async function countAlertRules(db: Executor, orgId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(alertRules).where(eq(alertRules.orgId, orgId));
  return row?.n ?? 0;
}

export function enabledAlertRules(db: Executor): Promise<AlertRuleRow[]> {
  return db.select().from(alertRules).where(eq(alertRules.enabled, true));
}

export async function updateAlertRule(db: Executor, ruleId: string, changes: Partial<typeof alertRules.$inferInsert>): Promise<AlertRuleRow | undefined> {
  const [row] = await db.update(alertRules).set(changes).where(eq(alertRules.id, ruleId)).returning();
  return row;
}

export async function deleteAlertRule(db: Executor, ruleId: string): Promise<void> {
  await db.delete(alertRules).where(eq(alertRules.id, ruleId));
}

/** Records an evaluation: the value seen and, when the state changed, the new state with its history line. */
export async function recordEvaluation(
  db: Executor,
  rule: AlertRuleRow,
  evaluation: { value: number | null; at: Date; state: AlertState; since: Date; message: string; silenced: boolean },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(alertRules)
      .set({ lastValue: evaluation.value, lastEvaluatedAt: evaluation.at, state: evaluation.state, stateSince: evaluation.since })
      .where(eq(alertRules.id, rule.id));
    if (evaluation.state !== rule.state) {
      await tx.insert(alertEvents).values({
        ruleId: rule.id,
        fromState: rule.state,
        toState: evaluation.state,
        value: evaluation.value,
        message: evaluation.message,
        silenced: evaluation.silenced,
        at: evaluation.at,
      });
    }
  });
}

export function listAlertEvents(db: Executor, ruleId: string, limit: number): Promise<AlertEventRow[]> {
  return db.select().from(alertEvents).where(eq(alertEvents.ruleId, ruleId)).orderBy(desc(alertEvents.at)).limit(limit);
}

export async function insertAlertSilence(db: Executor, values: typeof alertSilences.$inferInsert): Promise<AlertSilenceRow> {
  const [row] = await db.insert(alertSilences).values(values).returning();
  return row!;
}

export async function findAlertSilence(db: Executor, silenceId: string): Promise<AlertSilenceRow | undefined> {
  const [row] = await db.select().from(alertSilences).where(eq(alertSilences.id, silenceId));
  return row;
}

/** Silences of an organisation that have not ended yet. */
export function currentAlertSilences(db: Executor, orgId: string, now: Date): Promise<AlertSilenceRow[]> {
  return db
    .select()
    .from(alertSilences)
    .where(and(eq(alertSilences.orgId, orgId), gt(alertSilences.endsAt, now)))
    .orderBy(alertSilences.endsAt);
}

/** The silence covering a rule right now, if any: one of its own or one for the whole organisation. */
export async function activeSilence(db: Executor, rule: Pick<AlertRuleRow, 'id' | 'orgId'>, now: Date): Promise<AlertSilenceRow | undefined> {
  const [row] = await db
    .select()
    .from(alertSilences)
    .where(
      and(
        eq(alertSilences.orgId, rule.orgId),
        or(isNull(alertSilences.ruleId), eq(alertSilences.ruleId, rule.id)),
        lte(alertSilences.startsAt, now),
        gt(alertSilences.endsAt, now),
      ),
    )
    .orderBy(desc(alertSilences.endsAt))
    .limit(1);
  return row;
}

export async function deleteAlertSilence(db: Executor, silenceId: string): Promise<void> {
  await db.delete(alertSilences).where(eq(alertSilences.id, silenceId));
}
