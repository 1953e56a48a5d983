/**
 * The rule data (data/us-calling-rules.json) validated and normalised into the shapes the gate uses.
 * Validation failures are a value, not a throw: decide() fails closed on them (INV-15).
 */
import { z } from 'zod';
import bundledJson from './data/us-calling-rules.json' with { type: 'json' };

export const dayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayKey = (typeof dayKeys)[number];

/** Minutes after local midnight; a window allows start <= t < end. */
export interface WindowMinutes {
  start: number;
  end: number;
}

export type TelephoneScope = 'voice_live' | 'voice_prerecorded' | 'sms' | 'mms';
const allTelephone: TelephoneScope[] = ['voice_live', 'voice_prerecorded', 'sms', 'mms'];

export interface WindowRule {
  /** JSON id ('US-FED', 'FL', 'NV-ADAD') or 'lead:KY' for an unverified lead adopted as policy. */
  id: string;
  state: string | null;
  /** How messages name it: 'the federal', 'Florida', 'Kentucky (unverified lead, adopted as policy)'. */
  label: string;
  kind: 'federal' | 'state' | 'unverified_lead';
  hours: Record<DayKey, WindowMinutes | null>;
  holidayCalendarIds: string[];
  noCallsOnHolidays: boolean;
  channelScope: TelephoneScope[];
  /** Zones the statute names besides the recipient's (MS "Central Standard Time", TX "Texas time"). */
  extraTimeZones: string[];
  maxAttemptsPer24h: number | null;
  areaCodePresumption: boolean;
  /** Utah: prior express consent lifts its time, Sunday and holiday limits (used only if policy allows). */
  consentLiftsLimits: boolean;
  citation: string;
}

export interface HolidayDefinition {
  name: string;
  rule: string;
  observed: string | null;
  counties: string[] | null;
}

export interface HolidayCalendar {
  id: string;
  holidays: HolidayDefinition[];
  observed: string | null;
  reviewedForYear: number | null;
  verified: boolean;
}

export interface EnginePolicyDefaults {
  maxAutomatedMessagesPerLocalDay: number;
  maxAutomatedMessagesPerRolling7Days: number;
  smsHandoffCutoffMinutesBeforeWindowEnd: number;
  applySundayHolidayBansToAppointmentReminders: boolean;
  adoptUnverifiedLeadsAsPolicy: boolean;
  failClosed: boolean;
}

export interface CallingRules {
  schemaVersion: string;
  researchedAt: string;
  federal: WindowRule;
  states: WindowRule[];
  unverifiedLeads: WindowRule[];
  holidayCalendars: Record<string, HolidayCalendar>;
  policyDefaults: EnginePolicyDefaults;
}

export type RulesParseResult = { ok: true; rules: CallingRules } | { ok: false; problems: string[] };

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'expected HH:MM');
const dayWindow = z.tuple([hhmm, hhmm]).nullable();
const hoursSchema = z.object(Object.fromEntries(dayKeys.map((d) => [d, dayWindow])) as Record<DayKey, typeof dayWindow>);
const capSchema = z.object({ limit: z.number().int().positive() }).passthrough().nullable();
const channelScopeSchema = z.array(z.enum(['voice_live', 'voice_prerecorded', 'sms', 'mms', 'all_telephone'])).min(1);

const stateEntrySchema = z.object({
  id: z.string(),
  state: z.string().length(2),
  name: z.string(),
  hours: hoursSchema,
  timeBasis: z.string().optional(),
  holidays: z.string().nullable(),
  noCallsOnHolidays: z.boolean(),
  maxAttemptsPer24h: capSchema,
  channelScope: channelScopeSchema,
  areaCodePresumption: z.boolean().optional(),
  consentExemption: z.string().optional(),
  citation: z.string(),
  verified: z.boolean(),
}).passthrough();

const holidaySchema = z.object({
  name: z.string(),
  rule: z.string().regex(/^(fixed:\d{2}-\d{2}|nth:\d{2}:[1-5]:(mon|tue|wed|thu|fri|sat|sun)|last:\d{2}:(mon|tue|wed|thu|fri|sat|sun)|easter:[+-]\d+|special:us-election-day|proclamation)$/),
  observed: z.string().optional(),
  counties: z.array(z.string()).optional(),
});

const rulesSchema = z.object({
  schemaVersion: z.string(),
  researchedAt: z.string(),
  enginePolicyDefaults: z.object({
    maxAutomatedMessagesPerLocalDay: z.number().int().nonnegative(),
    maxAutomatedMessagesPerRolling7Days: z.number().int().nonnegative(),
    smsHandoffCutoffMinutesBeforeWindowEnd: z.number().int().nonnegative(),
    applySundayHolidayBansToAppointmentReminders: z.boolean(),
    adoptUnverifiedLeadsAsPolicy: z.boolean(),
    failClosed: z.boolean(),
  }).passthrough(),
  federal: z.object({
    id: z.string(),
    hours: hoursSchema,
    noCallsOnHolidays: z.boolean(),
    channelScope: channelScopeSchema,
    citation: z.string(),
  }).passthrough(),
  states: z.array(stateEntrySchema).min(1),
  unverifiedLeads: z.array(z.object({
    state: z.string().length(2),
    claim: z.string(),
    verified: z.literal(false),
    suggestedPolicyIfAdoptedAnyway: hoursSchema.optional(),
  }).passthrough()),
  holidayCalendars: z.record(z.string(), z.object({
    holidays: z.array(holidaySchema),
    observed: z.string().optional(),
    reviewedForYear: z.number().int().nullable(),
    verified: z.boolean(),
  }).passthrough()),
}).passthrough();

const stateNames: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
  PR: 'Puerto Rico', VI: 'U.S. Virgin Islands', GU: 'Guam', MP: 'Northern Mariana Islands', AS: 'American Samoa',
};

export function stateName(code: string): string {
  return stateNames[code] ?? code;
}

function minutes(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function toHours(hours: z.infer<typeof hoursSchema>): Record<DayKey, WindowMinutes | null> {
  const out = {} as Record<DayKey, WindowMinutes | null>;
  for (const day of dayKeys) {
    const w = hours[day];
    out[day] = w ? { start: minutes(w[0]), end: minutes(w[1]) } : null;
  }
  return out;
}

function toScope(scope: string[]): TelephoneScope[] {
  return scope.includes('all_telephone') ? [...allTelephone] : (scope as TelephoneScope[]);
}

/** IANA names written inside a free-text timeBasis, e.g. "evaluate in America/Chicago AND ...". */
function zonesNamedIn(text: string | undefined): string[] {
  return text ? [...new Set(text.match(/\b(?:America|Pacific)\/[A-Za-z_]+(?:\/[A-Za-z_]+)?/g) ?? [])] : [];
}

export function parseCallingRules(raw: unknown): RulesParseResult {
  const parsed = rulesSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const data = parsed.data;
  const calendars: Record<string, HolidayCalendar> = {};
  for (const [id, cal] of Object.entries(data.holidayCalendars)) {
    calendars[id] = {
      id,
      holidays: cal.holidays.map((h) => ({ name: h.name, rule: h.rule, observed: h.observed ?? null, counties: h.counties ?? null })),
      observed: cal.observed ?? null,
      reviewedForYear: cal.reviewedForYear,
      verified: cal.verified,
    };
  }
  const problems: string[] = [];
  const states: WindowRule[] = data.states.map((s) => {
    const calendarIds = s.holidays ? s.holidays.split('+') : [];
    for (const c of calendarIds) if (!calendars[c]) problems.push(`states.${s.id}.holidays: calendar "${c}" is not in holidayCalendars`);
    if (s.noCallsOnHolidays && calendarIds.length === 0) problems.push(`states.${s.id}: noCallsOnHolidays without a holiday calendar`);
    return {
      id: s.id,
      state: s.state,
      label: s.id.includes('-') ? s.name : stateName(s.state),
      kind: 'state',
      hours: toHours(s.hours),
      holidayCalendarIds: calendarIds,
      noCallsOnHolidays: s.noCallsOnHolidays,
      channelScope: toScope(s.channelScope),
      extraTimeZones: zonesNamedIn(s.timeBasis),
      maxAttemptsPer24h: s.maxAttemptsPer24h?.limit ?? null,
      areaCodePresumption: s.areaCodePresumption ?? false,
      consentLiftsLimits: s.consentExemption !== undefined,
      citation: s.citation,
    };
  });
  if (problems.length > 0) return { ok: false, problems };
  const federal: WindowRule = {
    id: data.federal.id,
    state: null,
    label: 'the federal',
    kind: 'federal',
    hours: toHours(data.federal.hours),
    holidayCalendarIds: [],
    noCallsOnHolidays: data.federal.noCallsOnHolidays,
    channelScope: toScope(data.federal.channelScope),
    extraTimeZones: [],
    maxAttemptsPer24h: null,
    areaCodePresumption: false,
    consentLiftsLimits: false,
    citation: data.federal.citation,
  };
  // Only leads that come with suggested hours can be enforced; NE (Sunday prerecorded hours) and
  // ME (1 per 8 h) have no machine-readable window and are not adopted.
  const unverifiedLeads: WindowRule[] = data.unverifiedLeads.flatMap((lead) => lead.suggestedPolicyIfAdoptedAnyway ? [{
    id: `lead:${lead.state}`,
    state: lead.state,
    label: `${stateName(lead.state)} (unverified lead, adopted as policy)`,
    kind: 'unverified_lead' as const,
    hours: toHours(lead.suggestedPolicyIfAdoptedAnyway),
    holidayCalendarIds: [],
    noCallsOnHolidays: false,
    channelScope: [...allTelephone],
    extraTimeZones: [],
    maxAttemptsPer24h: null,
    areaCodePresumption: false,
    consentLiftsLimits: false,
    citation: `unverified lead: ${lead.claim}`,
  }] : []);
  const d = data.enginePolicyDefaults;
  return {
    ok: true,
    rules: {
      schemaVersion: data.schemaVersion,
      researchedAt: data.researchedAt,
      federal,
      states,
      unverifiedLeads,
      holidayCalendars: calendars,
      policyDefaults: {
        maxAutomatedMessagesPerLocalDay: d.maxAutomatedMessagesPerLocalDay,
        maxAutomatedMessagesPerRolling7Days: d.maxAutomatedMessagesPerRolling7Days,
        smsHandoffCutoffMinutesBeforeWindowEnd: d.smsHandoffCutoffMinutesBeforeWindowEnd,
        applySundayHolidayBansToAppointmentReminders: d.applySundayHolidayBansToAppointmentReminders,
        adoptUnverifiedLeadsAsPolicy: d.adoptUnverifiedLeadsAsPolicy,
        failClosed: d.failClosed,
      },
    },
  };
}

/** The shipped rules; null only if the bundled file does not validate (the gate then blocks everything). */
const bundled = parseCallingRules(bundledJson);
export const bundledRules: CallingRules | null = bundled.ok ? bundled.rules : null;
export const bundledRulesProblems: string[] = bundled.ok ? [] : bundled.problems;
