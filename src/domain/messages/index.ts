/** Message content safety: template variables, the linter and SMS segment counting. */
export { countSmsSegments, type SmsEncoding, type SmsSegmentCount } from './sms-segments.js';
export { allowedVariables, findTemplateVariable, templateVariables, type PrivacyLevel, type TemplateSurface, type TemplateVariable } from './template-variables.js';
export { lintTemplate, type LintProblem, type LintProblemCode, type LintResult } from './template-linter.js';
export { clinicalTerms, financialTerms } from './clinical-denylist.js';
export {
  lintMessageTemplate, surfaceOf, templateChannels, templateKeyFor, templateKeyPattern, templateLanguages, templateLimits,
  type MessageTemplate, type MessageTemplateText, type TemplateChannel, type TemplateFinding, type TemplateLanguage, type TemplatePart,
} from './message-template.js';
export { renderTemplate, type RenderedText } from './render-template.js';
export { messageValues, type MessageValuesInput } from './message-values.js';
export { displayPhone, optOutInstructions, sampleTemplateValues, type SamplePatient, type SamplePractice } from './sample-patient.js';
export { defaultTemplates } from './default-templates.js';
export { checkRecordingUrl, recordingFormats, type CheckedRecording } from './voicemail-recording.js';
