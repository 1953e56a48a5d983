import { describe, expect, it } from 'vitest';
import { leavesNoAdmin } from '../../../src/domain/access/index.js';

describe('an account change leaves at least one active administrator', () => {
  it('given one active admin, when they are demoted or deactivated, then no admin is left', () => {
    expect(leavesNoAdmin([1], { userId: 1, role: 'manager', active: true })).toBe(true);
    expect(leavesNoAdmin([1], { userId: 1, role: 'admin', active: false })).toBe(true);
  });
  it('given one active admin, when their offices change (role and activity kept), then they remain', () => {
    expect(leavesNoAdmin([1], { userId: 1, role: 'admin', active: true })).toBe(false);
  });
  it('given two active admins, when one is demoted, then the other remains', () => {
    expect(leavesNoAdmin([1, 2], { userId: 1, role: 'front_desk', active: true })).toBe(false);
  });
  it('given no active admin, when a non-admin account changes, then the change is not what took the last admin away', () => {
    expect(leavesNoAdmin([], { userId: 5, role: 'admin', active: true })).toBe(false);
    expect(leavesNoAdmin([], { userId: 5, role: 'manager', active: true })).toBe(false);
  });
  it('given one active admin, when another account is deactivated, then the admin remains', () => {
    expect(leavesNoAdmin([1], { userId: 2, role: 'front_desk', active: false })).toBe(false);
  });
});
