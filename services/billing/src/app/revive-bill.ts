import type { BillRecord } from './types';

/** A bill stored as JSON (an idempotent command's response) with its dates back. */
export function reviveBill(raw: unknown): BillRecord {
  const b = (typeof raw === 'string' ? JSON.parse(raw) : raw) as BillRecord & { createdAt: string; updatedAt: string; paidAt: string | null };
  return { ...b, createdAt: new Date(b.createdAt), updatedAt: new Date(b.updatedAt), paidAt: b.paidAt ? new Date(b.paidAt) : null };
}
