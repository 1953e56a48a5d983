import { describe, expect, it } from 'vitest';
import {
  defaultTemplates, lintMessageTemplate, renderTemplate, sampleTemplateValues, templateKeyFor, templateLanguages,
} from '../../../src/domain/messages/index.js';
import { defaultPrograms } from '../../../src/domain/recall/index.js';

describe('message templates', () => {
  it('seeds every template a default program names, in every language, plus a default per channel', () => {
    const keys = new Set(defaultTemplates.map((t) => `${t.key}/${t.channel}/${t.language}`));
    for (const program of defaultPrograms) {
      for (const channel of ['sms', 'email', 'voicemail', 'letter'] as const) {
        for (const language of templateLanguages) expect(keys, `${program.key} ${channel} ${language}`).toContain(`${templateKeyFor(program.templateKeys, channel)}/${channel}/${language}`);
      }
    }
  });

  it('lints each part on its own surface: an email subject is discreet, its body is not', () => {
    expect(lintMessageTemplate('email', { subject: 'Your crown', body: 'About your crown, {{patient_first_name}}' }).map((f) => [f.part, f.rule])).toEqual([['subject', 'clinical_term']]);
    expect(lintMessageTemplate('voicemail', { subject: null, body: 'Hi {{patient_first_name}}' })).toEqual([
      expect.objectContaining({ part: 'body', rule: 'variable_not_allowed', excerpt: '{{patient_first_name}}', allowedVariables: expect.arrayContaining(['practice_name', 'practice_phone']) }),
    ]);
  });

  it('renders a sample patient, and shows a variable with no value instead of dropping it', () => {
    const { values } = sampleTemplateValues('es', { name: 'Clínica Sol', phone: '+18132740100', address: null, timeZone: 'America/New_York' }, new Date('2026-11-24T15:00:00Z'));
    expect(renderTemplate('Hola {{patient_first_name}}, su cita es el {{appointment_date}} a las {{appointment_time}}. Llame al {{practice_phone}}.', values))
      .toEqual({ text: 'Hola Lucía, su cita es el martes 1 de diciembre a las 10:30. Llame al (813) 274-0100.', missing: [] });
    expect(renderTemplate('{{ practice_name }}: {{staff_name}}', values)).toEqual({ text: 'Clínica Sol: [staff_name]', missing: ['staff_name'] });
  });
});
