/**
 * The one module that talks to the Recare API. Every response shape the app relies on is declared
 * here, so a change on the server is adjusted in one place. Errors come back as ApiError carrying the
 * server's own message (always shown to the user as is).
 *
 * Responses that are a use-case's result sent as is are derived from the server's own result types
 * (type imports only: nothing of the server is bundled) through Jsonified, which turns what
 * JSON.stringify changes (Date → ISO string) into what arrives here. Shapes an HTTP route builds
 * itself are written out below, each saying why.
 */
import type { Queue as ServerQueue } from '../../../domain/cases/index.js';
import type { Channel } from '../../../domain/compliance/index.js';
import type { AssignableUserList, AssignCasesResult } from '../../../use-cases/assign-cases.js';
import type { Segment, Worklist as ServerWorklist } from '../../../use-cases/build-worklist.js';
import type { ClaimResult as ServerClaimResult } from '../../../use-cases/claim-case.js';
import type { CloseReviewedResult } from '../../../use-cases/close-reviewed-case.js';
import type { Explanation as ServerExplanation } from '../../../use-cases/explain-patient.js';
import type { ImportSummary as ServerImportSummary } from '../../../use-cases/imports/import-session.js';
import type { PolicyView as ServerPolicyView, UpdatedPolicy } from '../../../use-cases/manage-policy.js';
import type { TemplatePreview as ServerTemplatePreview } from '../../../use-cases/preview-template.js';
import type { DemoCredential as ServerDemoCredential } from '../../../use-cases/read-demo-credentials.js';
import type { PatientCard as ServerPatientCard } from '../../../use-cases/read-patient-card.js';
import type { ImportRunView } from '../../../use-cases/read-import-run.js';
import type { WeeklyReview as ServerWeeklyReview } from '../../../use-cases/read-weekly-review.js';
import type { Office as ServerOffice, Workspace as ServerWorkspace } from '../../../use-cases/read-workspace.js';
import type { RecordOutcomeResult } from '../../../use-cases/record-outcome.js';
import type { BookingRequestView } from '../../../use-cases/booking/booking-requests.js';
import type { RequeueResult } from '../../../use-cases/requeue-case.js';
import type { TemplateList as ServerTemplateList } from '../../../use-cases/read-templates.js';
import type { ResolveEscalationResult } from '../../../use-cases/resolve-escalation.js';
import type { PasswordChanged } from '../../../use-cases/change-password.js';
import type { ListedUser } from '../../../db/queries/users.js';
import type { AddedUser as ServerAddedUser } from '../../../use-cases/manage-users.js';
import type { UserAccessChanged } from '../../../use-cases/change-user-access.js';
import type { LocationView } from '../../../use-cases/read-locations.js';
import type { LocationUpdated } from '../../../use-cases/update-location.js';
import type { LocationChange } from '../../../domain/locations/location-settings.js';
import type { UserActivity } from '../../../use-cases/set-user-active.js';
import type { PasswordReset } from '../../../use-cases/reset-password.js';
import type { TwoFactorEnabled } from '../../../use-cases/confirm-two-factor-enrolment.js';
import type { PublicUser } from '../../../use-cases/public-user.js';
import type { TwoFactorStatus as ServerTwoFactorStatus } from '../../../use-cases/read-two-factor-status.js';
import type { TwoFactorEnrolment as ServerTwoFactorEnrolment } from '../../../use-cases/start-two-factor-enrolment.js';
import type { SavedTemplate } from '../../../use-cases/save-message-template.js';
import type { UndoOutcomeResult } from '../../../use-cases/undo-outcome.js';
import type { ReportSummary as ServerReportSummary } from '../../../domain/reporting/index.js';
import type { ProgramLift } from '../../../domain/reporting/lift-interval.js';
import type { DataProblemList } from '../../../use-cases/reports/read-data-problems.js';
import type { Jsonified } from './jsonified';
import { noteServerTime } from './time';

export type Role = PublicUser['role'];
export type Queue = ServerQueue;
export type ApiSegment = Segment;

export type User = Jsonified<PublicUser>;

export type DemoCredential = Jsonified<ServerDemoCredential>;
/** An account as the Users page lists it. */
export type StaffAccount = Jsonified<ListedUser>;
export type AddedUser = Jsonified<ServerAddedUser>;
/** An office as the Locations page shows and edits it. */
export type LocationSettings = Jsonified<LocationView>;
export type OfficeHours = LocationSettings['hours'];
export type LocationSettingsChange = LocationChange;
/** Offices of an account: external ids, or every office. */
export type OfficeChoice = string[] | 'all';
export type Office = Jsonified<ServerOffice>;
/** `messagingPaused`: whether a manager has paused automated messages (every page says so while it is on). */
export type Workspace = Jsonified<ServerWorkspace> & { messagingPaused?: boolean };

export type Worklist = Jsonified<ServerWorklist>;
export type WorklistRow = Worklist['rows'][number];
export type Reason = WorklistRow['reasons'][number];
export type Escalation = NonNullable<WorklistRow['escalations']>[number];
export type SegmentCounts = Worklist['counts'];

export type Explanation = Jsonified<ServerExplanation>;
export type ExplainedItem = Explanation['items'][number];

// Hand-written: routes/contact-check.ts reshapes checkContact's per-channel results (Date → ISO, only these fields).
export interface ChannelCheck {
  channel: Channel;
  contactPoint: { id: number; kind: string; use: string } | null;
  allowed: boolean;
  reasons: { code: string; message: string }[];
  nextAllowedAt: string | null;
  timeZones: string[];
  states: string[];
  mayLeaveVoicemail: boolean;
  explanation: string;
}

// Hand-written: assembled in routes/contact-check.ts from one checkContact call per channel.
export interface ContactCheck {
  patientId: number;
  externalId: string;
  at: string;
  channels: ChannelCheck[];
}

export type PatientCard = Jsonified<ServerPatientCard>;

export type OutcomeResult = Jsonified<RecordOutcomeResult>;
export type BookingRequest = BookingRequestView;

export type UndoResult = Jsonified<UndoOutcomeResult>;

export type ClaimResult = Jsonified<ServerClaimResult>;

export type EscalationResolution = Jsonified<ResolveEscalationResult>;

// Hand-written: the server's CallScripts is inferred from call-scripts.json (literal keys); the app looks nodes and texts up by string.
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

/** What POST /api/imports/csv and /api/imports/fhir answer (the FHIR summary adds fields the app does not read). */
export type ImportSummary = Jsonified<ServerImportSummary>;
export type ImportCounts = ImportSummary['counts'];
export type ImportProblem = ImportSummary['problems'][number];
export type ImportRun = Jsonified<ImportRunView>;

// Hand-written: the Programs page edits programs as raw JSON objects; the server validates them on save.
export type Program = Record<string, unknown> & { key: string; name: string; enabled?: boolean };

export type TemplateList = Jsonified<ServerTemplateList>;
export type MessageTemplate = TemplateList['templates'][number];
export type TemplateChannel = MessageTemplate['channel'];
export type SavedMessageTemplate = Jsonified<SavedTemplate>;
export type TemplatePreview = Jsonified<ServerTemplatePreview>;
/** A finding the Templates page shows: from a preview, or rebuilt from a refused save's issues (ApiIssue.rule is a plain string). */
export type TemplateFinding = Omit<TemplatePreview['findings'][number], 'rule'> & { rule: string };

export type PolicyView = Jsonified<ServerPolicyView>;
/** The contact-policy settings (the Policy page edits some of them; the others are kept as they are). */
export type ContactPolicy = PolicyView['policy'];
/** The worklist's order (the ranking policy): bands in order, day settings and each program's active window. */
export type RankingPolicy = PolicyView['ranking'];
export type RankingBand = RankingPolicy['order'][number];
export type ActiveWindow = RankingPolicy['activeWindows'][string];
/** A ranking change: any of its fields; an active window of null means "never stale" (the others are kept). */
export type RankingChanges = Partial<Omit<RankingPolicy, 'activeWindows'>> & { activeWindows?: Record<string, ActiveWindow | null> };
/** The randomized holdout: program key → share held out (0.05–0.10); null switches a program's holdout off. */
export type HoldoutChanges = Record<string, number | null>;
export type PolicyChanges = Partial<ContactPolicy> & { snoozeDays?: number; ranking?: RankingChanges; holdout?: HoldoutChanges };

// The summary's `lift`: one row per program with held-out patients (empty: no holdout configured).
export type ProgramLiftView = Jsonified<ProgramLift>;
export type ReportSummary = Jsonified<ServerReportSummary>;
export type DataProblems = Jsonified<DataProblemList>;
export type DataProblem = DataProblems['problems'][number];
/** The report's parameters: a period of local dates [from, to), an office and a program (each optional). */
export interface ReportQuery { from?: string | null; to?: string | null; location?: string | null; program?: string | null }

export type TwoFactorStatus = Jsonified<ServerTwoFactorStatus>;
export type TwoFactorEnrolment = Jsonified<ServerTwoFactorEnrolment>;

export type WeeklyReview = Jsonified<ServerWeeklyReview>;
export type ReviewRow = WeeklyReview['rows'][number];
export type AssignableUser = Jsonified<AssignableUserList>['users'][number];

// Hand-written (messaging): the contract of routes/messaging.ts with the app. The use-cases behind it
// (use-cases/messaging/conversation.ts, manage-outbox.ts, channel-settings.ts) type states, channels and
// origins as plain strings; the app narrows them here to pick badges and labels. Letters may land later.
export type MessageChannel = 'sms' | 'email';
export type OutboxState = 'due' | 'claimed' | 'sending' | 'sent' | 'failed' | 'skipped';
export type DeliveryState = 'queued' | 'sent' | 'delivered' | 'failed' | 'bounced';
export type MessageOrigin = 'cadence' | 'staff' | 'reply' | 'test';

export interface ConversationMessage {
  /** 'out-12' (an outbox entry) or 'in-5' (a reply). */
  id: string;
  direction: 'out' | 'in';
  channel: MessageChannel;
  at: string;
  text: string;
  subject: string | null;
  /** Outbound only. */
  state: OutboxState | null;
  delivery: DeliveryState | null;
  /** Why it was skipped, failed or is still waiting. */
  reason: string | null;
  origin: MessageOrigin | null;
  /** An inbound text that reads like an opt-out ("stop texting me"): staff decide and record it. */
  flagged: boolean;
  author: string | null;
}

export interface Conversation {
  caseId: number;
  patientId: string;
  messages: ConversationMessage[];
  templates: { key: string; channel: MessageChannel }[];
}

export interface MessageToSend {
  channel: MessageChannel;
  templateKey?: string;
  text?: string;
  subject?: string;
  confirmWarnings?: boolean;
}

export interface SentMessage {
  outboxId: number | string;
  state: OutboxState;
  reason: string | null;
  warnings: string[];
}

export type OutboxFilter = OutboxState | 'all';

export interface OutboxEntry {
  id: number;
  key: string;
  origin: MessageOrigin | null;
  channel: MessageChannel | 'letter';
  caseId: number | null;
  patientId: string | null;
  state: OutboxState;
  dueAt: string | null;
  nextTryAt: string | null;
  sentAt: string | null;
  delivery: DeliveryState | null;
  reason: string | null;
  errorCode: string | null;
  provider: string | null;
  tries: number;
}

export interface OutboxView {
  paused: boolean;
  counts: { due: number; claimed?: number; sending: number; sent: number; failed: number; skipped: number };
  entries: OutboxEntry[];
}

export interface MessagingPause {
  paused: boolean;
  changedAt: string | null;
  changedBy: string | null;
  reason: string | null;
}

export interface ChannelSetting {
  /** The environment variable ('TWILIO_ACCOUNT_SID'). */
  name: string;
  /** Shown for non-secrets only, and then shortened ('AC…c0de'). */
  value: string | null;
  secret: boolean;
  set: boolean;
}

export interface ChannelsView {
  demoMode: boolean;
  sms: { provider: 'twilio' | 'sandbox'; settings: ChannelSetting[] };
  email: { provider: 'smtp' | 'sandbox'; settings: ChannelSetting[] };
  publicBaseUrl: string | null;
}

export interface TestMessageSent {
  outboxId: number | string;
  state: OutboxState;
  reason: string | null;
  provider?: string | null;
}

export interface UnmatchedReply {
  id: number | string;
  at: string;
  from: string;
  text: string;
  /** "opt_out": the number texted STOP (kept by the number); "other" and "possible_opt_out": a reply. */
  intent: string;
}

export interface LetterBatch {
  id: number;
  createdAt: string;
  letterCount: number;
  mailedAt: string | null;
}

export interface LetterBatches {
  pending: number;
  batches: LetterBatch[];
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

/** Fired on window when the server no longer knows this session. */
export const sessionEndedEvent = 'recare:session-ended';

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
  if (!response.ok) {
    // A session that ended elsewhere (signed out everywhere, account deactivated, expired): the app
    // goes back to the sign-in form instead of showing the error on whatever screen is open.
    if (response.status === 401 && !(method === 'POST' && path === '/api/session') && path !== '/api/session') window.dispatchEvent(new Event(sessionEndedEvent));
    throw toApiError(response.status, data);
  }
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

/** GET /api/cases/:id/voice (src/use-cases/voice/read-call.ts). */
export interface CaseVoice {
  mode: 'provider' | 'tel';
  allowed: boolean;
  reasons: string[];
  nextAllowedAt: string | null;
  explanation: string;
  staffPhoneSet: boolean;
  telNumber: string | null;
  liveCall: CallView | null;
}

export interface CallView {
  id: number;
  caseId: number | null;
  state: 'creating' | 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  failure: string | null;
  voicemailLeftAt: string | null;
  outcomeRecorded: boolean;
  suggestedOutcome: 'No answer' | null;
}

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
  changePassword: (currentPassword: string, newPassword: string) => call<Jsonified<PasswordChanged>>('POST', '/api/password', { currentPassword, newPassword }),
  twoFactorStatus: () => call<TwoFactorStatus>('GET', '/api/two-factor'),
  startTwoFactor: (currentPassword: string) => call<TwoFactorEnrolment>('POST', '/api/two-factor/enrolment', { currentPassword }),
  confirmTwoFactor: (code: string) => call<Jsonified<TwoFactorEnabled>>('POST', '/api/two-factor/enrolment/confirm', { code }),
  removeTwoFactor: (currentPassword: string, code: string) => call<{ enabled: false }>('POST', '/api/two-factor/remove', { currentPassword, code }),
  demoMode: () => call<{ demo: boolean }>('GET', '/api/demo-mode'),
  endDemoMode: () => call<{ demo: false; ended: boolean }>('PUT', '/api/demo-mode', { demo: false }),
  workspace: () => call<Workspace>('GET', '/api/workspace'),
  /** A search (names, phone numbers) goes in a POST body: a URL would keep it in proxy and server logs. */
  worklist: (p: { location?: string | null; segment?: ApiSegment | null; limit?: number; at?: string | null; preview?: string | null; q?: string | null }) =>
    p.q
      ? call<Worklist>('POST', '/api/worklist/search', { q: p.q, limit: p.limit ?? 200, ...(p.location ? { location: p.location } : {}), ...(p.segment ? { segment: p.segment } : {}), ...(p.at ? { at: p.at } : {}), ...(p.preview ? { preview: p.preview } : {}) })
      : call<Worklist>('GET', `/api/worklist${query({ location: p.location, segment: p.segment, limit: p.limit ?? 200, at: p.at, preview: p.preview })}`),
  queue: (queue: Queue, p: { location?: string | null }) => call<Worklist>('GET', `/api/queues/${queue}${query({ location: p.location, limit: 200 })}`),
  resolveEscalation: (id: number, resolution: string, closeCase: boolean) =>
    call<EscalationResolution>('POST', `/api/escalations/${id}/resolve`, { resolution, closeCase }),
  claim: (caseId: number) => call<ClaimResult>('POST', `/api/cases/${caseId}/claim`, {}),
  recordOutcome: (caseId: number, body: { outcome: string; callbackAt?: string; note?: string; reason?: string; callId?: number }) => call<OutcomeResult>('POST', `/api/cases/${caseId}/outcome`, body),
  caseVoice: (caseId: number) => call<CaseVoice>('GET', `/api/cases/${caseId}/voice`),
  placeCall: (caseId: number) => call<{ callId: number; state: string; resumed: boolean }>('POST', `/api/cases/${caseId}/calls`, {}),
  readCall: (callId: number) => call<CallView>('GET', `/api/calls/${callId}`),
  dropVoicemail: (callId: number) => call<OutcomeResult>('POST', `/api/calls/${callId}/voicemail`, {}),
  setOwnPhone: (phone: string | null) => call<{ userId: number; phone: string | null }>('PUT', '/api/account/phone', { phone }),
  bookingRequests: (caseId: number) => call<{ requests: BookingRequest[] }>('GET', `/api/cases/${caseId}/booking-requests`),
  confirmBookingRequest: (id: number, startsAt?: string) => call<{ requestId: number; appointmentId: number; outcome: OutcomeResult }>('POST', `/api/booking-requests/${id}/confirm`, startsAt ? { startsAt } : {}),
  undoOutcome: (attemptId: number) => call<UndoResult>('POST', `/api/attempts/${attemptId}/undo`, {}),
  explain: (patientId: string) => call<Explanation>('GET', `/api/patients/${encodeURIComponent(patientId)}/explain`),
  contactCheck: (patientId: string) => call<ContactCheck>('GET', `/api/patients/${encodeURIComponent(patientId)}/contact-check`),
  patientCard: (patientId: string) => call<PatientCard>('GET', `/api/patients/${encodeURIComponent(patientId)}/card`),
  scripts: () => call<CallScripts>('GET', '/api/scripts'),
  programs: () => call<{ programs: Program[] } | Program[]>('GET', '/api/programs'),
  saveProgram: (program: Program) => call<unknown>('PUT', `/api/programs/${encodeURIComponent(program.key)}`, program),
  templates: () => call<TemplateList>('GET', '/api/templates'),
  saveTemplate: (t: { key: string; language: string; subject: string | null; body: string; expectedUpdatedAt: string; recordingUrl?: string | null }) =>
    call<SavedMessageTemplate>('PUT', `/api/templates/${encodeURIComponent(t.key)}/${t.language}`, {
      body: t.body, expectedUpdatedAt: t.expectedUpdatedAt, ...(t.subject !== null ? { subject: t.subject } : {}), ...(t.recordingUrl !== undefined ? { recordingUrl: t.recordingUrl } : {}),
    }),
  previewTemplate: (t: { key: string; language: string; subject: string | null; body: string }) =>
    call<TemplatePreview>('POST', '/api/templates/preview', { key: t.key, language: t.language, body: t.body, ...(t.subject !== null ? { subject: t.subject } : {}) }),
  importRun: (id: number) => call<ImportRun>('GET', `/api/imports/${id}`),
  policy: () => call<PolicyView>('GET', '/api/policy'),
  savePolicy: (changes: PolicyChanges) => call<Jsonified<UpdatedPolicy>>('PUT', '/api/policy', changes),
  reportSummary: (q: ReportQuery) => call<ReportSummary>('GET', `/api/reports/summary${query({ from: q.from, to: q.to, location: q.location, program: q.program })}`),
  dataProblems: (q: ReportQuery) => call<DataProblems>('GET', `/api/reports/data-problems${query({ from: q.from, to: q.to, location: q.location, program: q.program })}`),
  weeklyReview: (at?: string | null) => call<WeeklyReview>('GET', `/api/review/weekly${query({ at })}`),
  requeue: (caseId: number, reason?: string) => call<Jsonified<RequeueResult>>('POST', `/api/review/${caseId}/requeue`, reason ? { reason } : {}),
  closeReviewed: (caseId: number, reason: string) => call<Jsonified<CloseReviewedResult>>('POST', `/api/review/${caseId}/close`, { reason }),
  users: () => call<{ users: StaffAccount[] }>('GET', '/api/users'),
  addUser: (u: { email: string; displayName?: string; role: string; locations: OfficeChoice }) => call<AddedUser>('POST', '/api/users', u),
  changeUserAccess: (id: number, change: { role?: string; locations?: OfficeChoice }) => call<Jsonified<UserAccessChanged>>('PATCH', `/api/users/${id}`, change),
  setUserPhone: (id: number, phone: string | null) => call<{ userId: number; phone: string | null }>('PUT', `/api/users/${id}/phone`, { phone }),
  setUserActive: (id: number, active: boolean) => call<Jsonified<UserActivity>>('PUT', `/api/users/${id}/active`, { active }),
  resetPassword: (email: string) => call<Jsonified<PasswordReset>>('POST', '/api/users/reset-password', { email }),
  locations: () => call<{ locations: LocationSettings[] }>('GET', '/api/locations'),
  updateLocation: (id: number, change: LocationSettingsChange) => call<Jsonified<LocationUpdated>>('PATCH', `/api/locations/${id}`, change),
  assignableUsers: () => call<Jsonified<AssignableUserList>>('GET', '/api/users/assignable'),
  assignCases: (caseIds: number[], userId: number) => call<Jsonified<AssignCasesResult>>('POST', '/api/cases/assign', { caseIds, userId }),
  conversation: (caseId: number) => call<Conversation>('GET', `/api/cases/${caseId}/conversation`),
  sendMessage: (caseId: number, message: MessageToSend) => call<SentMessage>('POST', `/api/cases/${caseId}/messages`, message),
  outbox: (state: OutboxFilter, limit = 100) => call<OutboxView>('GET', `/api/outbox${query({ state, limit })}`),
  retryOutbox: (id: number) => call<{ id: number; state: OutboxState }>('POST', `/api/outbox/${id}/retry`, {}),
  messagingPause: () => call<MessagingPause>('GET', '/api/messaging/pause'),
  setMessagingPause: (paused: boolean, reason?: string) => call<MessagingPause>('PUT', '/api/messaging/pause', { paused, ...(reason ? { reason } : {}) }),
  channels: () => call<ChannelsView>('GET', '/api/channels'),
  sendTestMessage: (channel: MessageChannel, to: string) => call<TestMessageSent>('POST', '/api/channels/test', { channel, to }),
  unmatchedReplies: () => call<{ messages: UnmatchedReply[] }>('GET', '/api/inbound/unmatched'),
  letters: () => call<LetterBatches>('GET', '/api/letters'),
  createLetterBatch: () => call<{ id: number; letterCount: number }>('POST', '/api/letters/batches', {}),
  markLettersMailed: (batchId: number) => call<unknown>('POST', `/api/letters/batches/${batchId}/mailed`, {}),
  letterBatchUrl: (batchId: number, what: 'letters' | 'labels') => `/api/letters/batches/${batchId}/${what}.pdf`,
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
