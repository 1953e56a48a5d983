/**
 * Time for the front desk: "now" follows the server's clock (every list and explanation carries the
 * server's `at`), and every time is shown in a named time zone: the office's or the patient's.
 */
let offsetMs = 0;

export function noteServerTime(iso: string): void {
  const server = Date.parse(iso);
  if (!Number.isNaN(server)) offsetMs = server - Date.now();
}

export const serverNow = (): Date => new Date(Date.now() + offsetMs);

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options });
    formatters.set(key, f);
  }
  return f;
}

/** "10:14 AM" */
export const clockTime = (at: Date, zone: string) => formatter(zone, { hour: 'numeric', minute: '2-digit' }).format(at);

/** "Wed, Nov 25, 8:00 AM EST" */
export const dayAndTime = (at: Date | string, zone: string) =>
  formatter(zone, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(typeof at === 'string' ? new Date(at) : at);

/** "Nov 25, 2026" */
export const shortDate = (at: Date | string, zone: string) => formatter(zone, { year: 'numeric', month: 'short', day: 'numeric' }).format(typeof at === 'string' ? new Date(at) : at);

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, zone: string): string {
  const parts = Object.fromEntries(formatter(zone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** "2026-11-24T10:15" in a zone, as a datetime-local input shows it. */
export function toLocalInput(at: Date, zone: string): string {
  const parts = Object.fromEntries(
    formatter(zone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

function zoneOffsetMs(at: Date, zone: string): number {
  const local = toLocalInput(at, zone);
  const asUtc = Date.parse(`${local}:00Z`);
  return asUtc - Math.floor(at.getTime() / 60_000) * 60_000;
}

/** A wall-clock time typed in a zone ("2026-11-25T10:30" in America/Chicago) → the instant, as ISO with Z. */
export function fromLocalInput(local: string, zone: string): string | null {
  const naive = Date.parse(`${local}:00Z`);
  if (Number.isNaN(naive)) return null;
  let guess = naive - zoneOffsetMs(new Date(naive), zone);
  guess = naive - zoneOffsetMs(new Date(guess), zone);
  return new Date(guess).toISOString();
}

/** Whole days from a due date to today in the zone (0 when not yet due). */
export function daysOverdue(dueDate: string, zone: string, now = serverNow()): number {
  const today = Date.parse(`${localDate(now, zone)}T00:00:00Z`);
  const due = Date.parse(`${dueDate}T00:00:00Z`);
  return Math.max(0, Math.round((today - due) / 86_400_000));
}
