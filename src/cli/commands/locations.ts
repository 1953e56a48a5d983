/**
 * `recare locations list` shows each office's time zone, hours per weekday (with the remote team's
 * extended hours) and closures; `recare locations set-hours TPA --day tue --open 10:00 --close 17:00`
 * changes them like the Locations page does (validated, audited, and the office's planned work that
 * now falls outside the hours moves to the next open instant).
 */
import type { Command } from 'commander';
import { weekdayKeys, type OfficeHours, type WeekdayHours, type WeekdayKey } from '../../domain/locations/location-settings.js';
import { AppError } from '../../domain/errors.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';

const dataOption = ['--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)'] as const;
const everyOffice = { allLocations: true, locationIds: [] as number[] };

export function registerLocations(program: Command, io: CliIo, done: (code: number) => void): void {
  const locations = program.command('locations').description('Offices: list their hours and closures, change working hours');
  locations
    .command('list')
    .description('List offices with time zone, hours per weekday (extended hours for a remote team) and closures')
    .option('--json', 'print JSON')
    .option(...dataOption)
    .action(async (options: { json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const { readLocations } = await import('../../use-cases/read-locations.js');
        return withApp(io, 'locations list', { dataDir: options.data }, async (app) => {
          const list = await readLocations(app, everyOffice);
          if (options.json) writeLine(io.stdout, JSON.stringify(list));
          else for (const l of list) writeLine(io.stdout, `${l.externalId.padEnd(6)} ${l.name} · ${l.timeZone}\n       ${describeHours(l.hours)}`);
          return exitCodes.ok;
        });
      }));
    });
  locations
    .command('set-hours')
    .description('Set the working hours of weekdays of one office; planned work outside the new hours moves to the next open instant')
    .argument('<location>', 'the office\'s id, e.g. TPA')
    .requiredOption('--day <days>', `weekday(s): ${weekdayKeys.join(', ')}, comma-separated, or "weekdays" or "all"`)
    .option('--open <HH:mm>', 'opening time, e.g. 08:00')
    .option('--close <HH:mm>', 'closing time, e.g. 17:00')
    .option('--extended-until <HH:mm>', 'a remote call team works on until then (or "none")')
    .option('--closed', 'the office is closed on these days')
    .option('--at <instant>', 'ISO-8601 instant with an offset to act as "now" (default: now)')
    .option(...dataOption)
    .action(async (location: string, options: { day: string; open?: string; close?: string; extendedUntil?: string; closed?: boolean; at?: string; data?: string }) => {
      done(await guarded(io, async () => {
        const days = parseDays(options.day);
        const [{ readLocations }, { updateLocation }, { defaultOfficeHours }, { fixedClock }, { instant }] = await Promise.all([
          import('../../use-cases/read-locations.js'), import('../../use-cases/update-location.js'), import('../../domain/locations/location-settings.js'),
          import('../../clock.js'), import('../parse-options.js'),
        ]);
        const at = options.at ? instant('--at', options.at) : undefined;
        return withApp(io, 'locations set-hours', { dataDir: options.data }, async (app) => {
          // An unknown office: the use case answers not_found with the same words as the API.
          const hours = (await readLocations(app, everyOffice)).find((l) => l.externalId === location.trim())?.hours ?? defaultOfficeHours;
          const week = { ...hours.week };
          for (const day of days) week[day] = dayHours(week[day], options);
          const result = await updateLocation(at ? { ...app, clock: fixedClock(at) } : app, {
            location: { externalId: location.trim() }, change: { hours: { ...hours, week } }, scope: everyOffice, actor: { userId: null, kind: 'cli' }, remoteAddress: null,
          });
          const moved = result.moved.length;
          writeLine(io.stdout, result.changed.length
            ? `Saved ${result.location.externalId}: ${describeHours(result.location.hours)}\nMoved ${moved} planned case${moved === 1 ? '' : 's'} into the new hours.`
            : `${result.location.externalId} already has these hours; nothing changed.`);
          return exitCodes.ok;
        });
      }));
    });
}

function parseDays(value: string): WeekdayKey[] {
  const words = value.toLowerCase().split(',').map((w) => w.trim()).filter(Boolean);
  const days = new Set<WeekdayKey>();
  for (const word of words) {
    if (word === 'all') weekdayKeys.forEach((d) => days.add(d));
    else if (word === 'weekdays') weekdayKeys.slice(0, 5).forEach((d) => days.add(d));
    else if ((weekdayKeys as readonly string[]).includes(word)) days.add(word as WeekdayKey);
    else throw new AppError('invalid_input', `--day ${JSON.stringify(value)} names no weekday; use ${weekdayKeys.join(', ')} (comma-separated), "weekdays" or "all"`, [{ path: '--day', value, message: `"${word}" is not a weekday` }]);
  }
  if (days.size === 0) throw new AppError('invalid_input', `--day ${JSON.stringify(value)} names no weekday; use ${weekdayKeys.join(', ')} (comma-separated), "weekdays" or "all"`, [{ path: '--day', value, message: 'no weekday given' }]);
  return [...days];
}

/** The day's new hours from the flags; times are checked by the use case (domain/locations). */
function dayHours(current: WeekdayHours | null, options: { open?: string; close?: string; extendedUntil?: string; closed?: boolean }): WeekdayHours | null {
  if (options.closed) {
    if (options.open || options.close || options.extendedUntil) throw new AppError('invalid_input', '--closed cannot be given with --open, --close or --extended-until; a closed day has no hours');
    return null;
  }
  if (!options.open && !options.close && options.extendedUntil === undefined) throw new AppError('invalid_input', 'set-hours changes nothing; give --open, --close, --extended-until or --closed');
  const base = current ?? { opensAt: '08:00', closesAt: '17:00', extendedUntil: null };
  const extended = options.extendedUntil === undefined ? base.extendedUntil : options.extendedUntil === 'none' ? null : options.extendedUntil;
  return { opensAt: options.open ?? base.opensAt, closesAt: options.close ?? base.closesAt, extendedUntil: extended };
}

const shortNames: Record<WeekdayKey, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "Mon 08:00–17:00, Tue 10:00–17:00 (remote team until 21:00), …, Sun closed; closures: 2026-12-24 Christmas Eve; state holidays observed". */
export function describeHours(hours: OfficeHours): string {
  const days = weekdayKeys.map((k) => {
    const d = hours.week[k];
    return `${shortNames[k]} ${d ? `${d.opensAt}–${d.closesAt}${d.extendedUntil ? ` (remote team until ${d.extendedUntil})` : ''}` : 'closed'}`;
  });
  const closures = hours.closures.length ? hours.closures.map((c) => `${c.date}${c.name ? ` ${c.name}` : ''}`).join(', ') : 'none';
  return `${days.join(', ')}; closures: ${closures}; state holidays ${hours.observeStateHolidays ? 'observed' : 'not observed'}`;
}
