/**
 * The one module that talks to the Recare API. Every response shape the app relies on is declared
 * here, so a change on the server is adjusted in one place. Errors come back as ApiError carrying the
 * server's own message (always shown to the user as is).
 */
import { noteServerTime } from './time';

export type Role = 'front_desk' | 'coordinator' | 'clinical' | 'manager' | 'admin';
export type Queue = 'clinical' | 'insurance' | 'language' | 'manager';
export type ApiSegment = 'due' | 'overdue' | 'unscheduled_treatment' | 'reactivation' | 'callbacks' | 'escalations';

export interface User {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  allLocations: boolean;
  locationIds: number[];
  mustChangePassword: boolean;
}

export interface DemoCredential {
  email: string;
  password: string;
  role: Role;
  locations: string[] | 'all';
}

export interface Office {
  id: string;
  numericId: number;
  name: string;
  timeZone: string;
  phone: string | null;
}

export interface Workspace {
  locations: Office[];
  queues: Queue[];
}

export interface Reason {
  program: string;
  programName: string;
  dueDate: string;
  evidence: string;
}

export interface Escalation {
  id: number;
  queue: Queue;
  reason: string;
  dueAt: string;
}

export interface WorklistRow {
  rank: number;
  caseId: number;
  patientId: string;
  recareId: number;
  patientName: string;
  location: string | null;
  reasons: Reason[];
  score: number;
  why: string;
  nextStep: string;
  suggestedChannel: 'voice' | 'sms' | 'email' | 'letter';
  scriptKey: string | null;
  contactableNow: boolean;
  nextContactAt: string | null;
  gate: string;
  state: string;
  owner: { kind: 'anyone' } | { kind: 'user'; userId: number; why: string } | { kind: 'queue'; queue: Queue };
  nextActionAt: string;
  escalations?: Escalation[];
  language?: string;
  lastAttempt?: { at: string; outcome: string | null } | null;
}

export interface SegmentCounts {
  total: number;
  due: number;
  overdue: number;
  unscheduledTreatment: number;
  reactivation: number;
  callbacks: number;
  escalations: number;
}

export interface Worklist {
  at: string;
  location: string | null;
  queue: Queue | null;
  segment: ApiSegment | null;
  /** The search the server applied (name or phone); the counts stay the whole list's. */
  search: { q: string; kind: 'name' | 'phone' } | null;
  counts: SegmentCounts;
  rows: WorklistRow[];
}

export interface ExplainedItem {
  program: string;
  programName: string;
  status: 'open' | 'suppressed' | 'closed' | 'nothing_due';
  dueDate: string | null;
  window: string | null;
  evidence: string | null;
  why: string;
}

export interface Explanation {
  patientId: string;
  recareId: number;
  status: string;
  location: string | null;
  at: string;
  onWorklist: boolean;
  verdict: { code: string; message: string };
  items: ExplainedItem[];
  case: {
    id: number; state: string; nextStep: string | null; nextActionAt: string | null; ownerUserId: number | null; ownerQueue: string | null;
    claimedBy: number | null; closedReason: string | null; reasons: string[];
  } | null;
  contact: { contactableNow: boolean; nextContactAt: string | null; explanation: string } | null;
}

export interface ChannelCheck {
  channel: 'voice' | 'voicemail' | 'sms' | 'email' | 'letter';
  contactPoint: { id: number; kind: string; use: string } | null;
  allowed: boolean;
  reasons: { code: string; message: string }[];
  nextAllowedAt: string | null;
  timeZones: string[];
  states: string[];
  mayLeaveVoicemail: boolean;
  explanation: string;
}

export interface ContactCheck {
  patientId: number;
  externalId: string;
  at: string;
  channels: ChannelCheck[];
}

export interface PatientCard {
  patientId: string;
  recareId: number;
  name: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  birthDate: string | null;
  age: number | null;
  status: string;
  language: string;
  preferredChannel: string | null;
  doNotContact: boolean;
  timeZone: string;
  location: { id: string; name: string; timeZone: string; phone: string | null } | null;
  contactPoints: {
    id: number; kind: 'phone' | 'email'; use: string; value: string; lineType: string; valid: boolean; invalidReason: string | null; primary: boolean;
    consents: { channel: string; purposeClass: string; kind: string; granted: boolean; capturedAt: string }[];
    optedOut: string[];
  }[];
  warnings: string[];
  attempts: { id: number; at: string; channel: string; direction: string; by: string; outcome: string | null; note: string | null; callbackAt: string | null; programs: string[]; undoneAt: string | null }[];
  family: { patientId: string; name: string; caseId: number; programs: string[]; state: string }[];
}

export interface OutcomeResult {
  attemptId: number;
  caseId: number;
  patientId: string;
  outcome: { key: string; label: string };
  state: string;
  nextStep: string | null;
  nextActionAt: string | null;
  owner: { kind: 'anyone' } | { kind: 'user'; userId: number } | { kind: 'queue'; queue: string };
  escalation: { id: number; queue: string; dueAt: string } | null;
  closedReason: string | null;
  optedOut: boolean;
  /** When the outcome was recorded (server time) and until when its recorder may undo it; null for "Opted out". */
  recordedAt: string;
  undoUntil: string | null;
  warnings: string[];
  explanation: string;
}

export interface UndoResult {
  attemptId: number;
  caseId: number;
  patientId: string;
  outcome: { key: string; label: string };
  undoneAt: string;
  case: { state: string; nextStep: string | null; nextActionAt: string | null };
}

export interface ClaimResult {
  caseId: number;
  patientId: string;
  claimedBy: number;
  claimedAt: string;
  lapsesAt: string;
}

type Localized = Record<string, string>;
export interface DecisionChoice {
  label: string;
  next?: string;
  outcome?: string;
  say?: string;
}
export interface CallScripts {
  languages: string[];
  sections: { key: string; title: Localized }[];
  common: Record<string, Record<string, string>>;
  purpose: Record<string, Localized>;
  /** The default voicemail script and each program's (stored message templates), by language. */
  voicemail: Localized;
  voicemailByProgram: Record<string, Localized>;
  decisionTree: { start: string; nodes: Record<string, { prompt: string; choices: DecisionChoice[] }> };
}

export interface ImportCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}
export interface ImportProblem {
  file: string;
  line: number | null;
  column: string | null;
  value: string | null;
  message: string;
  severity: 'error' | 'warning';
}
export interface ImportSummary {
  importRunId: number;
  kind: string;
  format: 'csv' | 'fhir';
  dryRun: boolean;
  status: 'completed' | 'failed';
  counts: ImportCounts;
  problems: ImportProblem[];
  problemCount: number;
  errorCount: number;
  warningCount: number;
  duplicateCount: number;
  seconds: number;
}
export interface ImportRun {
  id: number;
  status: string;
  counts: ImportCounts;
  failure: string | null;
  problemCount: number;
  problems: ImportProblem[];
  problemsTruncated: boolean;
}

export type Program = Record<string, unknown> & { key: string; name: string; enabled?: boolean };

export type TemplateChannel = 'sms' | 'email' | 'voicemail' | 'letter';
export interface MessageTemplate {
  key: string;
  channel: TemplateChannel;
  language: 'en' | 'es';
  subject: string | null;
  body: string;
  updatedAt: string;
  updatedBy: string | null;
  isDefault: boolean;
  usedBy: { program: string; name: string }[];
}
export interface TemplateList {
  templates: MessageTemplate[];
  variables: { name: string; privacy: string; description: string; allowedIn: string[] }[];
}
export interface TemplateFinding {
  part: 'subject' | 'body';
  rule: string;
  excerpt: string;
  message: string;
  allowedVariables: string[];
}
export interface TemplatePreview {
  rendered: { subject: string | null; body: string };
  sample: { patient: string; office: string };
  missing: string[];
  findings: TemplateFinding[];
  renderedFindings: TemplateFinding[];
  sms: { encoding: string; segments: number; characters: number; nonGsmCharacters: string[] } | null;
}

/** The contact-policy settings the Policy page edits (the server holds more; they are kept as they are). */
export interface ContactPolicy {
  maxAutomatedTouchesPerLocalDay: number;
  maxAutomatedTouchesPerRolling7Days: number;
  maxTouchesPerProgramPer7Days: number;
  smsHandoffCutoffMinutes: number;
  adoptUnverifiedLeads: boolean;
  applyPracticeStateRules: boolean;
  requireConsentForStaffTouches: boolean;
  emailWindow: 'federal' | 'none';
  unreviewedHolidayCalendars: 'block' | 'apply_listed_dates';
  holidayCalendarReviews: Record<string, number[]>;
  [other: string]: unknown;
}
export interface PolicyView {
  policy: ContactPolicy;
  snoozeDays: number;
  defaults: ContactPolicy & { snoozeDays: number };
  limits: { maxAutomatedTouchesPerLocalDay: number; maxAutomatedTouchesPerRolling7Days: number; snoozeDays: { min: number; max: number } };
  holidayCalendars: string[];
}
export type PolicyChanges = Partial<ContactPolicy> & { snoozeDays?: number };

export interface ReviewRow {
  caseId: number;
  kind: 'unreachable' | 'declined' | 'escalated';
  patientId: string;
  patientName: string;
  location: string | null;
  reasons: { program: string; programName: string; dueDate: string }[];
  escalation: { queue: string; reason: string; at: string } | null;
  lastOutcome: { key: string | null; label: string | null; at: string } | null;
  when: string;
}
export interface WeeklyReview {
  at: string;
  from: string;
  counts: { unreachable: number; declined: number; escalated: number };
  rows: ReviewRow[];
}
export interface AssignableUser {
  id: number;
  displayName: string;
  allLocations: boolean;
  locations: string[];
}

export interface ApiIssue {
  path: string;
  message: string;
  value?: unknown;
  rule?: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues: ApiIssue[] = []) {
    super(message);
  }
}

let csrfToken = '';

async function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = contentType;
  let response: Response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'Recare did not answer. Check that the server is running and this computer is online, then try again.');
  }
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : null;
  if (!response.ok) throw toApiError(response.status, data);
  if (data && typeof data === 'object' && 'at' in data && typeof data.at === 'string') noteServerTime(data.at);
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function toApiError(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | null)?.error;
  if (error?.message) return new ApiError(status, error.code ?? 'error', error.message, error.issues ?? []);
  return new ApiError(status, 'error', `Recare answered ${status} without an explanation; try again, and tell your administrator if it keeps happening.`);
}

const query = (params: Record<string, string | number | null | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const api = {
  async currentSession(): Promise<User | null> {
    try {
      const session = await call<{ user: User; csrfToken: string }>('GET', '/api/session');
      csrfToken = session.csrfToken;
      return session.user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  async signIn(email: string, password: string, totpCode?: string): Promise<User> {
    const session = await call<{ user: User; csrfToken: string }>('POST', '/api/session', { email, password, ...(totpCode ? { totpCode } : {}) });
    csrfToken = session.csrfToken;
    return session.user;
  },
  async signOut(): Promise<void> {
    await call('DELETE', '/api/session');
    csrfToken = '';
  },
  async demoCredentials(): Promise<DemoCredential[]> {
    try {
      return (await call<{ users: DemoCredential[] }>('GET', '/api/session/demo-credentials')).users;
    } catch {
      return [];
    }
  },
  workspace: () => call<Workspace>('GET', '/api/workspace'),
  worklist: (p: { location?: string | null; segment?: ApiSegment | null; limit?: number; at?: string | null; q?: string | null }) =>
    call<Worklist>('GET', `/api/worklist${query({ location: p.location, segment: p.segment, limit: p.limit ?? 200, at: p.at, q: p.q })}`),
  queue: (queue: Queue, p: { location?: string | null }) => call<Worklist>('GET', `/api/queues/${queue}${query({ location: p.location, limit: 200 })}`),
  resolveEscalation: (id: number, resolution: string, closeCase: boolean) =>
    call<{ escalationId: number; caseId: number; caseState: string }>('POST', `/api/escalations/${id}/resolve`, { resolution, closeCase }),
  claim: (caseId: number) => call<ClaimResult>('POST', `/api/cases/${caseId}/claim`, {}),
  recordOutcome: (caseId: number, body: { outcome: string; callbackAt?: string; note?: string }) => call<OutcomeResult>('POST', `/api/cases/${caseId}/outcome`, body),
  undoOutcome: (attemptId: number) => call<UndoResult>('POST', `/api/attempts/${attemptId}/undo`, {}),
  explain: (patientId: string) => call<Explanation>('GET', `/api/patients/${encodeURIComponent(patientId)}/explain`),
  contactCheck: (patientId: string) => call<ContactCheck>('GET', `/api/patients/${encodeURIComponent(patientId)}/contact-check`),
  patientCard: (patientId: string) => call<PatientCard>('GET', `/api/patients/${encodeURIComponent(patientId)}/card`),
  scripts: () => call<CallScripts>('GET', '/api/scripts'),
  programs: () => call<{ programs: Program[] } | Program[]>('GET', '/api/programs'),
  saveProgram: (program: Program) => call<unknown>('PUT', `/api/programs/${encodeURIComponent(program.key)}`, program),
  templates: () => call<TemplateList>('GET', '/api/templates'),
  saveTemplate: (t: { key: string; language: string; subject: string | null; body: string; expectedUpdatedAt: string }) =>
    call<MessageTemplate>('PUT', `/api/templates/${encodeURIComponent(t.key)}/${t.language}`, { body: t.body, expectedUpdatedAt: t.expectedUpdatedAt, ...(t.subject !== null ? { subject: t.subject } : {}) }),
  previewTemplate: (t: { key: string; language: string; subject: string | null; body: string }) =>
    call<TemplatePreview>('POST', '/api/templates/preview', { key: t.key, language: t.language, body: t.body, ...(t.subject !== null ? { subject: t.subject } : {}) }),
  importRun: (id: number) => call<ImportRun>('GET', `/api/imports/${id}`),
  policy: () => call<PolicyView>('GET', '/api/policy'),
  savePolicy: (changes: PolicyChanges) => call<PolicyView & { changed: string[] }>('PUT', '/api/policy', changes),
  weeklyReview: (at?: string | null) => call<WeeklyReview>('GET', `/api/review/weekly${query({ at })}`),
  requeue: (caseId: number, reason?: string) => call<{ caseId: number; state: string; nextActionAt: string }>('POST', `/api/review/${caseId}/requeue`, reason ? { reason } : {}),
  closeReviewed: (caseId: number, reason: string) => call<{ caseId: number; state: string; closedReason: string }>('POST', `/api/review/${caseId}/close`, { reason }),
  assignableUsers: () => call<{ users: AssignableUser[] }>('GET', '/api/users/assignable'),
  assignCases: (caseIds: number[], userId: number) => call<{ assigned: number[]; userId: number; displayName: string }>('POST', '/api/cases/assign', { caseIds, userId }),
  rejectedRowsUrl: (id: number) => `/api/imports/${id}/rejected.csv`,
  /** Uploads with progress (fetch cannot report upload progress; XMLHttpRequest can). */
  upload(path: string, body: Blob, contentType: string, onProgress: (fraction: number) => void): Promise<ImportSummary> {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', path);
      request.setRequestHeader('content-type', contentType);
      request.setRequestHeader('x-csrf-token', csrfToken);
      request.setRequestHeader('accept', 'application/json');
      request.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
      request.onerror = () => reject(new ApiError(0, 'network', 'The upload did not reach Recare; check the connection and try again.'));
      request.onload = () => {
        const data = safeJson(request.responseText);
        if (request.status >= 200 && request.status < 300) resolve(data as ImportSummary);
        else reject(toApiError(request.status, data));
      };
      request.send(body);
    });
  },
  importPath: (p: { format: 'csv' | 'fhir'; kind?: string; preset?: string; dryRun: boolean; file: string }) =>
    p.format === 'csv'
      ? `/api/imports/csv${query({ kind: p.kind, preset: p.preset, dryRun: p.dryRun ? 'true' : null, file: p.file })}`
      : `/api/imports/fhir${query({ dryRun: p.dryRun ? 'true' : null, file: p.file })}`,
};

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : 'Something went wrong; reload the page and try again.';
