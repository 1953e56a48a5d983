/** Users, their location scope and sign-in bookkeeping. */
import type { Kysely, Selectable } from 'kysely';
import type { LocationScope, Role } from '../../domain/access/index.js';
import type { Database } from '../schema.js';

export interface UserAccount {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  disabledAt: Date | null;
  mustChangePassword: boolean;
  oneTimePasswordExpiresAt: Date | null;
  oneTimePasswordUsedAt: Date | null;
  scope: LocationScope;
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserAccount | undefined> {
  const row = await db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase())).executeTakeFirst();
  return row && withScope(db, row);
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<UserAccount | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && withScope(db, row);
}

async function withScope(db: Kysely<Database>, r: Selectable<Database['users']>): Promise<UserAccount> {
  const locations = await db.selectFrom('user_locations').select('location_id').where('user_id', '=', r.id).execute();
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    passwordHash: r.password_hash,
    totpSecret: r.totp_secret,
    totpEnabled: r.totp_enabled,
    totpLastStep: r.totp_last_step,
    disabledAt: r.disabled_at,
    mustChangePassword: r.must_change_password,
    oneTimePasswordExpiresAt: r.one_time_password_expires_at,
    oneTimePasswordUsedAt: r.one_time_password_used_at,
    scope: { allLocations: r.all_locations, locationIds: locations.map((l) => l.location_id) },
  };
}

/** A new password: the user's own (`oneTimeUntil` null) or a one-time password valid until then. */
export async function setPassword(db: Kysely<Database>, userId: number, password: { hash: string; oneTimeUntil: Date | null; at: Date }): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: password.hash, must_change_password: password.oneTimeUntil !== null, one_time_password_expires_at: password.oneTimeUntil, one_time_password_used_at: null, password_changed_at: password.at })
    .where('id', '=', userId)
    .execute();
}

/** Marks the pending one-time password used; false when another sign-in used it first. */
export async function useOneTimePassword(db: Kysely<Database>, userId: number, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set({ one_time_password_used_at: at })
    .where('id', '=', userId)
    .where('one_time_password_expires_at', 'is not', null)
    .where('one_time_password_used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores a TOTP secret not yet confirmed (the second factor stays off until a first code confirms it). */
export async function setPendingTotpSecret(db: Kysely<Database>, userId: number, secret: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: secret, totp_enabled: false, totp_last_step: null }).where('id', '=', userId).where('totp_enabled', '=', false).execute();
}

export async function enableTotp(db: Kysely<Database>, userId: number): Promise<boolean> {
  const row = await db.updateTable('users').set({ totp_enabled: true }).where('id', '=', userId).where('totp_secret', 'is not', null).where('totp_enabled', '=', false).returning('id').executeTakeFirst();
  return row !== undefined;
}

export async function disableTotp(db: Kysely<Database>, userId: number): Promise<void> {
  await db.updateTable('users').set({ totp_secret: null, totp_enabled: false, totp_last_step: null }).where('id', '=', userId).execute();
}

/** Accepts a TOTP time step once: false when this step (or a later one) was already used. */
export async function claimTotpStep(db: Kysely<Database>, userId: number, step: number): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  /** Set when the password is a one-time password: it must be changed at first sign-in, before then. */
  oneTimePasswordExpiresAt: Date | null;
  allLocations: boolean;
  locationIds: number[];
}

export async function insertUser(db: Kysely<Database>, user: NewUser, now: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('users')
      .values({ email: user.email, display_name: user.displayName, role: user.role, password_hash: user.passwordHash, must_change_password: user.oneTimePasswordExpiresAt !== null, one_time_password_expires_at: user.oneTimePasswordExpiresAt, all_locations: user.allLocations, password_changed_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (user.locationIds.length) await tx.insertInto('user_locations').values(user.locationIds.map((location_id) => ({ user_id: row.id, location_id }))).execute();
    return row.id;
  });
}

export interface ListedUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  allLocations: boolean;
  locations: string[];
  disabled: boolean;
  /** The start of the user's latest session (null: never signed in). */
  lastSignInAt: Date | null;
  /** The phone click-to-call rings first (E.164), or null. */
  phone: string | null;
}

export async function listUsers(db: Kysely<Database>): Promise<ListedUser[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('user_locations as ul', 'ul.user_id', 'u.id')
    .leftJoin('locations as l', 'l.id', 'ul.location_id')
    .select((eb) => [
      'u.id', 'u.email', 'u.display_name', 'u.role', 'u.all_locations', 'u.disabled_at', 'u.phone', 'l.external_id as location',
      eb.selectFrom('sessions as s').select((s) => s.fn.max('s.created_at').as('at')).whereRef('s.user_id', '=', 'u.id').as('last_sign_in_at'),
    ])
    .orderBy('u.id')
    .orderBy('l.external_id')
    .execute();
  const byId = new Map<number, ListedUser>();
  for (const r of rows) {
    const lastSignInAt = r.last_sign_in_at === null ? null : new Date(r.last_sign_in_at as unknown as string | Date);
    const user = byId.get(r.id) ?? { id: r.id, email: r.email, displayName: r.display_name, role: r.role, allLocations: r.all_locations, locations: [], disabled: r.disabled_at !== null, lastSignInAt, phone: r.phone };
    if (r.location) user.locations.push(r.location);
    byId.set(r.id, user);
  }
  return [...byId.values()];
}

/** Ids of the administrators whose accounts are active. */
export async function activeAdminIds(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** A new role and location scope; `scope` undefined keeps the locations as they are. */
export async function updateUserAccess(db: Kysely<Database>, userId: number, change: { role: Role; scope?: LocationScope }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ role: change.role, ...(change.scope ? { all_locations: change.scope.allLocations } : {}) }).where('id', '=', userId).execute();
    if (!change.scope) return;
    await tx.deleteFrom('user_locations').where('user_id', '=', userId).execute();
    if (change.scope.locationIds.length) await tx.insertInto('user_locations').values(change.scope.locationIds.map((location_id) => ({ user_id: userId, location_id }))).execute();
  });
}

/** Deactivates (at a time) or reactivates (null) an account. */
export async function setUserDisabled(db: Kysely<Database>, userId: number, disabledAt: Date | null): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', userId).execute();
}
