/**
 * Roles and what they may do, as data, checked in one place (the HTTP layer's route guard).
 * Each role includes everything of the roles it builds on; `clinical` is a side branch that works
 * the clinical queue. Location scope is separate: a user sees only patients of their locations,
 * unless their account covers all locations (a group's central team).
 */
export const permissions = [
  'worklist.read', // assigned and location worklists
  'patients.read', // a patient's record, contact check, history
  'outcomes.record', // record an outcome, claim a case
  'cases.assign', // assign and reassign, bulk actions
  'queue.clinical', // clinical escalation queue: answer and close clinical questions
  'reports.read',
  'programs.manage', // recall programs, scripts, templates
  'policy.manage', // contact policy
  'audit.read',
  'imports.run', // imports and exports of patient data
  'second_factor.use', // TOTP enrolment and removal for one's own account
  'users.read', // the Users page, read-only (managers see who works where)
  'users.manage',
  'locations.read', // the Locations page, read-only (managers see hours and closures)
  'locations.manage',
  'integrations.manage',
] as const;
export type Permission = (typeof permissions)[number];

export const roles = ['front_desk', 'coordinator', 'clinical', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];

const frontDesk: Permission[] = ['worklist.read', 'patients.read', 'outcomes.record'];
const coordinator: Permission[] = [...frontDesk, 'cases.assign'];
const clinical: Permission[] = ['worklist.read', 'patients.read', 'outcomes.record', 'queue.clinical'];
const manager: Permission[] = [...coordinator, 'queue.clinical', 'reports.read', 'programs.manage', 'policy.manage', 'audit.read', 'imports.run', 'second_factor.use', 'users.read', 'locations.read'];
const admin: Permission[] = [...manager, 'users.manage', 'locations.manage', 'integrations.manage'];

export const grants: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  front_desk: new Set(frontDesk),
  coordinator: new Set(coordinator),
  clinical: new Set(clinical),
  manager: new Set(manager),
  admin: new Set(admin),
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].has(permission);
}

/** Roles allowed to turn on a second factor (TOTP). */
export const rolesWithSecondFactor: ReadonlySet<Role> = new Set(roles.filter((role) => can(role, 'second_factor.use')));

export interface LocationScope {
  allLocations: boolean;
  locationIds: readonly number[];
}

/** Whether a patient of `locationId` (null: no home office) is visible in this scope. */
export function inScope(scope: LocationScope, locationId: number | null): boolean {
  if (scope.allLocations) return true;
  return locationId !== null && scope.locationIds.includes(locationId);
}
