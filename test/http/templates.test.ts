/**
 * Message templates for managers (GET/PUT /api/templates, POST /api/templates/preview) on both
 * backends: seeded from the defaults, refused with the linter's findings (rule, offending text, what
 * is allowed) and nothing stored, saved and previewed for a sample patient with the SMS segment
 * count; the voicemail the case screen reads is the stored one.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildTestServer } from '../helpers/test-server.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const password = 'sunrise-template-routes-2026';
const T0 = '2026-11-24T15:00:00.000Z';

describe.each(backends)('message templates API on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  const get = async (key: string, language: string) => (await as('boss', { method: 'GET', url: `/api/templates/${key}/${language}` })).json();

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: fixedClock(T0), log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    await t.store.db.updateTable('locations').set({ phone: '+18132740100', address1: '100 Bay St', city: 'Tampa', zip: '33606' }).where('id', '=', tpa).execute();
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']], ['boss', 'manager', ['TPA']]], password));
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('lists the seeded templates with the programs that use them, for managers only', async () => {
    const denied = await as('desk', { method: 'GET', url: '/api/templates' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (programs.manage).' });
    const response = await as('boss', { method: 'GET', url: '/api/templates' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.channels).toEqual(['sms', 'email', 'voicemail', 'letter']);
    expect(body.languages).toEqual(['en', 'es']);
    const sms = body.templates.find((x: { key: string; language: string }) => x.key === 'hygiene_recall_sms' && x.language === 'en');
    expect(sms).toMatchObject({ channel: 'sms', subject: null, isDefault: true, updatedBy: null });
    expect(sms.usedBy.map((u: { program: string }) => u.program)).toEqual(['hygiene', 'periodic_exam']);
    const voicemail = body.templates.find((x: { key: string; language: string }) => x.key === 'default_voicemail' && x.language === 'es');
    expect(voicemail.usedBy.map((u: { program: string }) => u.program)).toContain('reactivation');
    expect(body.templates.filter((x: { channel: string }) => x.channel === 'email').every((x: { subject: string | null }) => typeof x.subject === 'string')).toBe(true);
    expect(body.variables.find((v: { name: string }) => v.name === 'balance')).toMatchObject({ privacy: 'financial', allowedIn: [] });
    expect(body.variables.find((v: { name: string }) => v.name === 'patient_first_name').allowedIn).toEqual(['sms', 'email_body', 'letter']);
  });

  it('refuses a template the linter rejects, with each finding, and stores nothing', async () => {
    const before = await get('hygiene_recall_sms', 'en');
    const refused = await as('boss', {
      method: 'PUT', url: '/api/templates/hygiene_recall_sms/en',
      payload: { body: 'Hi {{patient_first_name}}, your crown is ready and your balance is {{balance}}. Call {{practice_phone}}.' },
    });
    expect(refused.statusCode).toBe(400);
    const error = refused.json().error;
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^The sms template "hygiene_recall_sms" \(en\) was not saved: the template linter found 3 problems: \[variable_not_allowed\] \{\{balance\}\} is financial information and may not appear in sms; allowed: /);
    expect(error.issues).toEqual([
      { path: 'body', rule: 'variable_not_allowed', value: '{{balance}}', message: expect.stringContaining('allowed: practice_name, practice_phone, practice_address, opt_out_instructions, portal_link, appointment_date, appointment_time, provider_name, patient_first_name') },
      { path: 'body', rule: 'clinical_term', value: 'crown', message: expect.stringMatching(/^"crown" reveals clinical information; sms text may carry only the practice name, a callback number and a neutral reminder .*; variables allowed here: \{\{practice_name\}\}/) },
      { path: 'body', rule: 'financial_term', value: 'balance', message: expect.stringContaining('"balance" reveals billing or insurance information') },
    ]);
    expect(await get('hygiene_recall_sms', 'en')).toEqual(before);

    const subject = await as('boss', { method: 'PUT', url: '/api/templates/hygiene_recall_email/en', payload: { subject: 'Your account is past due', body: 'Hi {{patient_first_name}}' } });
    expect(subject.statusCode).toBe(400);
    expect(subject.json().error).toMatchObject({ code: 'invalid_input', message: 'The email template "hygiene_recall_email" (en) was not saved: the template linter found 1 problem: [financial_term] "past due" reveals billing or insurance information; it may not appear in email_subject text (INV-11)' });
    expect(subject.json().error.issues).toEqual([expect.objectContaining({ path: 'subject', rule: 'financial_term', value: 'past due' })]);
    const noSubject = await as('boss', { method: 'PUT', url: '/api/templates/hygiene_recall_email/en', payload: { body: 'Hi {{patient_first_name}}' } });
    expect(noSubject.json().error.issues).toEqual([{ path: 'subject', value: null, message: 'an email needs a subject' }]);
    const badKey = await as('boss', { method: 'PUT', url: '/api/templates/Bad-Key/fr', payload: { body: 'Hello' } });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error).toMatchObject({ code: 'invalid_input', message: 'Not a template: key "Bad-Key": a template key is 2 to 64 lowercase letters, digits and underscores, starting with a letter (e.g. hygiene_recall_sms); language "fr": one of en, es.' });
    expect(badKey.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['key', 'language']);
    const desk = await as('desk', { method: 'PUT', url: '/api/templates/hygiene_recall_sms/en', payload: { body: 'Hello' } });
    expect(desk.statusCode).toBe(403);
    expect(desk.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (programs.manage).' });
  });

  it('saves a clean template, previews it for the sample patient with its segment count, and refuses a stale save', async () => {
    const loaded = await get('hygiene_recall_sms', 'en');
    const text = 'Hi {{patient_first_name}}, {{practice_name}} misses you! Call {{practice_phone}} to book your visit. {{opt_out_instructions}}';
    const saved = await as('boss', { method: 'PUT', url: '/api/templates/hygiene_recall_sms/en', payload: { body: text, expectedUpdatedAt: loaded.updatedAt } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ key: 'hygiene_recall_sms', channel: 'sms', language: 'en', body: text, isDefault: false, updatedBy: 'boss', saved: true });
    expect((await get('hygiene_recall_sms', 'en')).body).toBe(text);
    const stale = await as('boss', { method: 'PUT', url: '/api/templates/hygiene_recall_sms/en', payload: { body: text, expectedUpdatedAt: '2026-01-01T00:00:00.000Z' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    expect(stale.json().error.message).toContain('was saved by someone else after you opened it');

    const preview = await as('boss', { method: 'POST', url: '/api/templates/preview', payload: { key: 'hygiene_recall_sms', language: 'en' } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      channel: 'sms', sample: { patient: 'Jordan Sample (sample)', office: 'Office TPA' },
      rendered: { subject: null, body: 'Hi Jordan, Office TPA misses you! Call (813) 274-0100 to book your visit. Reply STOP to opt out.' },
      missing: [], findings: [], renderedFindings: [], sms: { encoding: 'GSM-7', segments: 1, characters: 96 },
    });

    const spanish = await as('boss', { method: 'POST', url: '/api/templates/preview', payload: { language: 'es', channel: 'sms', body: `Hola {{patient_first_name}}, ¿cómo está? ${'Le esperamos pronto. '.repeat(3)}` } });
    expect(spanish.json().sms).toMatchObject({ encoding: 'UCS-2', segments: 2, nonGsmCharacters: ['í', 'ó', 'á'] });
    const unsaved = await as('boss', { method: 'POST', url: '/api/templates/preview', payload: { key: 'confirmation_sms', language: 'en', body: 'Your {{procedure_name}} is on {{appointment_date}} at {{appointment_time}}.' } });
    expect(unsaved.statusCode).toBe(200);
    expect(unsaved.json().findings).toEqual([expect.objectContaining({ part: 'body', rule: 'variable_not_allowed', excerpt: '{{procedure_name}}' })]);
    expect(unsaved.json().missing).toEqual(['procedure_name']);
    expect(unsaved.json().rendered.body).toMatch(/^Your \[procedure_name\] is on \w+day, \w+ \d+ at 10:30 AM\.$/);
    expect((await get('confirmation_sms', 'en')).body).not.toContain('procedure_name');
  });

  it('is the one source of voicemail scripts, and takes new templates with a channel', async () => {
    const words = 'Hello, this is {{practice_name}}. Please call us back at {{practice_phone}}. Have a good day.';
    expect((await as('boss', { method: 'PUT', url: '/api/templates/hygiene_recall_voicemail/en', payload: { body: words } })).statusCode).toBe(200);
    const scripts = (await as('desk', { method: 'GET', url: '/api/scripts' })).json();
    expect(scripts.voicemailByProgram.hygiene.en).toBe(words);
    expect(scripts.voicemailByProgram.reactivation.en).toBe(scripts.voicemail.en);
    expect(scripts.voicemail.en).not.toBe(words);

    const noChannel = await as('boss', { method: 'PUT', url: '/api/templates/implant_followup_letter/en', payload: { body: 'Dear {{patient_first_name}}' } });
    expect(noChannel.statusCode).toBe(400);
    expect(noChannel.json().error.code).toBe('invalid_input');
    expect(noChannel.json().error.message).toBe('A new template needs its channel: one of sms, email, voicemail, letter (given null).');
    const created = await as('boss', { method: 'PUT', url: '/api/templates/implant_followup_letter/en', payload: { channel: 'letter', body: 'Dear {{patient_first_name}}, please call {{practice_phone}}.' } });
    expect(created.statusCode, created.body).toBe(200);
    const moved = await as('boss', { method: 'PUT', url: '/api/templates/implant_followup_letter/en', payload: { channel: 'sms', body: 'Hi' } });
    expect(moved.json().error.message).toContain('is a letter template; its channel cannot change');
  });

  it('keeps a voicemail template\'s recording beside its text: checked, shown, kept when left out, removed when empty, and only on voicemail', async () => {
    const words = 'Hello, this is {{practice_name}}. Please call us back at {{practice_phone}}. Thank you.';
    const url = '/api/templates/missed_visit_voicemail/en';
    const saved = await as('boss', { method: 'PUT', url, payload: { body: words, recordingUrl: 'https://audio.example.com/voicemail/reactivation-en.mp3' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().recordingUrl).toBe('https://audio.example.com/voicemail/reactivation-en.mp3');
    expect((await get('missed_visit_voicemail', 'en')).recordingUrl).toBe('https://audio.example.com/voicemail/reactivation-en.mp3');
    // A save of the text alone keeps the recording.
    expect((await as('boss', { method: 'PUT', url, payload: { body: `${words} Goodbye.` } })).json().recordingUrl).toBe('https://audio.example.com/voicemail/reactivation-en.mp3');

    const plain = await as('boss', { method: 'PUT', url, payload: { body: words, recordingUrl: 'http://audio.example.com/voicemail.mp3' } });
    expect(plain.statusCode).toBe(400);
    expect(plain.json().error).toMatchObject({ code: 'invalid_input', message: 'The voicemail template was not saved: the recording must be served over https (given http); give an https address of an MP3 or WAV file, at most 500 characters, like https://example.com/voicemail/hygiene-en.mp3.' });
    const notAudio = await as('boss', { method: 'PUT', url, payload: { body: words, recordingUrl: 'https://audio.example.com/voicemail.txt' } });
    expect(notAudio.json().error.message).toBe('The voicemail template was not saved: the recording "voicemail.txt" is not an MP3 or WAV file; give an https address of an MP3 or WAV file, at most 500 characters, like https://example.com/voicemail/hygiene-en.mp3.');
    const onSms = await as('boss', { method: 'PUT', url: '/api/templates/hygiene_recall_sms/en', payload: { body: 'Hi {{patient_first_name}}, call {{practice_phone}}. Reply STOP to opt out.', recordingUrl: 'https://audio.example.com/a.mp3' } });
    expect(onSms.statusCode).toBe(400);
    expect(onSms.json().error.message).toBe('Only a voicemail template has a recording; this is a sms template (given recordingUrl "https://audio.example.com/a.mp3").');
    expect((await get('missed_visit_voicemail', 'en')).recordingUrl).toBe('https://audio.example.com/voicemail/reactivation-en.mp3');

    const removed = await as('boss', { method: 'PUT', url, payload: { body: words, recordingUrl: '' } });
    expect(removed.json().recordingUrl).toBeNull();
  });
});
