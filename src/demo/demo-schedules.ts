/**
 * Provider and chair schedules of the demo offices, so a demo booking link has free times: two
 * dentists and three hygienists per office, one chair each, on staggered weekdays within the
 * offices' default hours (Monday–Friday 08:00–17:00). Deterministic: no randomness at all.
 */
import type { CopyValue } from '../db/copy-csv.js';

export const demoScheduleColumns = ['location_id', 'provider_id', 'chair', 'weekday', 'starts_at', 'ends_at'] as const;

interface Shift { weekdays: readonly number[]; start: string; end: string }

// Dentists sit in Op 1–2, hygienists in Op 3–5; one short Friday each, and a day off in the week.
const dentistShifts: readonly Shift[][] = [
  [{ weekdays: [1, 2, 3, 4], start: '08:00', end: '17:00' }, { weekdays: [5], start: '08:00', end: '13:00' }],
  [{ weekdays: [2, 3, 4, 5], start: '08:00', end: '17:00' }],
];
const hygienistShifts: readonly Shift[][] = [
  [{ weekdays: [1, 2, 3, 4], start: '08:00', end: '17:00' }],
  [{ weekdays: [1, 2, 3, 4], start: '08:00', end: '17:00' }, { weekdays: [5], start: '08:00', end: '13:00' }],
  [{ weekdays: [2, 3, 4, 5], start: '09:00', end: '17:00' }],
];

export function demoScheduleRows(offices: readonly { id: number; dentistIds: readonly number[]; hygienistIds: readonly number[] }[]): CopyValue[][] {
  const rows: CopyValue[][] = [];
  for (const office of offices) {
    const staff = [
      ...office.dentistIds.map((id, i) => ({ id, shifts: dentistShifts[i % dentistShifts.length] ?? [] })),
      ...office.hygienistIds.map((id, i) => ({ id, shifts: hygienistShifts[i % hygienistShifts.length] ?? [] })),
    ];
    staff.forEach(({ id, shifts }, chair) => {
      for (const shift of shifts) {
        for (const weekday of shift.weekdays) rows.push([office.id, id, `Op ${chair + 1}`, weekday, shift.start, shift.end]);
      }
    });
  }
  return rows;
}
