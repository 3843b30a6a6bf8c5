import * as v from 'valibot';

/**
 * An item of the Users table, as the stream's images hold it once unmarshalled. Writers bump
 * `version` on every update (optimistic locking), so it only grows.
 *
 * @example
 * v.parse(User, { userId: 'u-1', email: 'ada@example.com', displayName: 'Ada', plan: 'pro', version: 3 });
 */
export const User = v.object({
  userId: v.pipe(v.string(), v.nonEmpty()),
  email: v.pipe(v.string(), v.email()),
  displayName: v.string(),
  plan: v.picklist(['free', 'pro', 'team']),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

/** A user item. */
export type User = v.InferOutput<typeof User>;

/** The fields an audit line may name; never their values, which include personal data. */
const AUDITED_FIELDS = ['email', 'displayName', 'plan'] as const;

/** One line of the audit trail the stream feeds. */
export interface UserChange {
  change: 'created' | 'updated' | 'deleted';
  userId: string;
  /** For updates: the fields whose value changed. */
  changedFields?: string[];
  /** The plan before and after, when it changed (plan names are not personal data). */
  plan?: { from?: string; to?: string };
  version: number;
}

/**
 * Which audited fields differ between two images of the same user.
 *
 * @example
 * changedFields(before, { ...before, plan: 'team' }); // ['plan']
 */
export function changedFields(before: User, after: User): string[] {
  return AUDITED_FIELDS.filter((field) => before[field] !== after[field]);
}

/**
 * The audit entry for one stream record, from its event name and images.
 *
 * @example
 * describeChange('INSERT', undefined, user); // { change: 'created', userId: 'u-1', plan: { to: 'pro' }, version: 1 }
 */
export function describeChange(
  eventName: string | undefined,
  before: User | undefined,
  after: User | undefined,
): UserChange {
  if (eventName === 'INSERT' && after !== undefined) {
    return { change: 'created', userId: after.userId, plan: { to: after.plan }, version: after.version };
  }
  if (eventName === 'REMOVE' && before !== undefined) {
    return { change: 'deleted', userId: before.userId, plan: { from: before.plan }, version: before.version };
  }
  if (eventName === 'MODIFY' && before !== undefined && after !== undefined) {
    const entry: UserChange = {
      change: 'updated',
      userId: after.userId,
      changedFields: changedFields(before, after),
      version: after.version,
    };
    if (before.plan !== after.plan) entry.plan = { from: before.plan, to: after.plan };
    return entry;
  }
  if (eventName !== 'INSERT' && eventName !== 'MODIFY' && eventName !== 'REMOVE') {
    throw new TypeError(`eventName must be INSERT, MODIFY or REMOVE, got ${JSON.stringify(eventName)}`);
  }
  throw new MissingImageError(eventName, before !== undefined, after !== undefined);
}

/**
 * A record lacks an image its event needs: the stream is not NEW_AND_OLD_IMAGES (KEYS_ONLY, NEW_IMAGE
 * or OLD_IMAGE), so this function cannot tell what changed.
 *
 * @example
 * new MissingImageError('MODIFY', false, true).message;
 */
export class MissingImageError extends Error {
  override readonly name = 'MissingImageError';
  constructor(
    readonly eventName: string,
    readonly hasOldImage: boolean,
    readonly hasNewImage: boolean,
  ) {
    const has =
      [hasOldImage && 'OldImage', hasNewImage && 'NewImage'].filter(Boolean).join(' and ') || 'no image';
    super(`${eventName} record has ${has}: the table's stream must use StreamViewType NEW_AND_OLD_IMAGES`);
  }
}
