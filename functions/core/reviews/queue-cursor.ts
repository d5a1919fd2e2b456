import { InvalidCursorError } from './errors.ts';
import type { FlagStatus } from './types.ts';

/** Statuses in the order a queue without a status filter lists them. */
export const QUEUE_STATUSES: readonly FlagStatus[] = [
  'open',
  'accepted',
  'corrected',
  'dismissed',
  'resolved',
];

/** Where a queue page stopped: which status partition, and the last key returned there. */
export interface QueuePosition {
  status: FlagStatus;
  key: Record<string, string>;
}

/** Encodes a queue position as an opaque URL-safe cursor. */
export function encodeCursor(position: QueuePosition): string {
  const bytes = new TextEncoder().encode(JSON.stringify([position.status, position.key]));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes a cursor from {@link encodeCursor}; `InvalidCursorError` for anything else. */
export function decodeCursor(cursor: string): QueuePosition {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (!Array.isArray(value) || value.length !== 2) throw new InvalidCursorError();
    const [status, key] = value as [unknown, unknown];
    if (!QUEUE_STATUSES.includes(status as FlagStatus)) throw new InvalidCursorError();
    if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new InvalidCursorError();
    if (!Object.values(key).every((v) => typeof v === 'string')) throw new InvalidCursorError();
    return { status: status as FlagStatus, key: key as Record<string, string> };
  } catch {
    throw new InvalidCursorError();
  }
}

/** The statuses a query walks, and where it starts. */
export function queueWalk(status: FlagStatus | undefined, cursor: string | undefined) {
  const statuses = status ? [status] : [...QUEUE_STATUSES];
  const position = cursor ? decodeCursor(cursor) : null;
  if (position && !statuses.includes(position.status)) throw new InvalidCursorError();
  const start = position ? statuses.indexOf(position.status) : 0;
  return { statuses: statuses.slice(start), startKey: position?.key ?? null };
}
