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
  failedSignIns: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  mustChangePassword: boolean;
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
    failedSignIns: r.failed_sign_ins,
    lockedUntil: r.locked_until,
    disabledAt: r.disabled_at,
    mustChangePassword: r.must_change_password,
    scope: { allLocations: r.all_locations, locationIds: locations.map((l) => l.location_id) },
  };
}

export async function recordSignInFailure(db: Kysely<Database>, userId: number, failedSignIns: number, lockedUntil: Date | null): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: failedSignIns, locked_until: lockedUntil }).where('id', '=', userId).execute();
}

export async function recordSignInSuccess(db: Kysely<Database>, userId: number): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  allLocations: boolean;
  locationIds: number[];
}

export async function insertUser(db: Kysely<Database>, user: NewUser, now: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('users')
      .values({ email: user.email, display_name: user.displayName, role: user.role, password_hash: user.passwordHash, must_change_password: user.mustChangePassword, all_locations: user.allLocations, password_changed_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (user.locationIds.length) await tx.insertInto('user_locations').values(user.locationIds.map((location_id) => ({ user_id: row.id, location_id }))).execute();
    return row.id;
  });
}

export async function listUsers(db: Kysely<Database>): Promise<{ id: number; email: string; displayName: string; role: Role; allLocations: boolean; locations: string[]; disabled: boolean }[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('user_locations as ul', 'ul.user_id', 'u.id')
    .leftJoin('locations as l', 'l.id', 'ul.location_id')
    .select(['u.id', 'u.email', 'u.display_name', 'u.role', 'u.all_locations', 'u.disabled_at', 'l.external_id as location'])
    .orderBy('u.id')
    .execute();
  const byId = new Map<number, { id: number; email: string; displayName: string; role: Role; allLocations: boolean; locations: string[]; disabled: boolean }>();
  for (const r of rows) {
    const user = byId.get(r.id) ?? { id: r.id, email: r.email, displayName: r.display_name, role: r.role, allLocations: r.all_locations, locations: [], disabled: r.disabled_at !== null };
    if (r.location) user.locations.push(r.location);
    byId.set(r.id, user);
  }
  return [...byId.values()];
}
