/** Message content safety: template variables, the linter and SMS segment counting. */
export { countSmsSegments, type SmsEncoding, type SmsSegmentCount } from './sms-segments.js';
export { allowedVariables, findTemplateVariable, templateVariables, type PrivacyLevel, type TemplateSurface, type TemplateVariable } from './template-variables.js';
export { lintTemplate, type LintProblem, type LintProblemCode, type LintResult } from './template-linter.js';
export { clinicalTerms, financialTerms } from './clinical-denylist.js';
