/**
 * The template linter (INV-11). For every surface: placeholders must be known and allow-listed for
 * that surface. For discreet surfaces (voicemail, voice scripts, SMS, email subjects) the text itself
 * must not name a procedure, diagnosis, result, code or money amount. Run it on templates and again on
 * rendered text (a variable's value can carry PHI even when its name is allowed).
 */
import { clinicalTerms, financialTerms } from './clinical-denylist.js';
import { allowedVariables, findTemplateVariable, type TemplateSurface } from './template-variables.js';

export type LintProblemCode =
  | 'unknown_variable' | 'variable_not_allowed' | 'malformed_placeholder' | 'clinical_term' | 'clinical_code' | 'money_amount' | 'financial_term';

export interface LintProblem {
  code: LintProblemCode;
  message: string;
  excerpt: string;
}

export interface LintResult {
  ok: boolean;
  problems: LintProblem[];
}

const discreetSurfaces: TemplateSurface[] = ['voicemail', 'voice_script', 'sms', 'email_subject'];

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function termPattern(terms: readonly string[]): RegExp {
  const alternatives = [...terms].sort((a, b) => b.length - a.length).map((t) => escapeRegExp(t).replace(/[ -]/g, '[\\s-]?'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

const clinicalPattern = termPattern(clinicalTerms);
const financialPattern = termPattern(financialTerms);
const codePatterns: { pattern: RegExp; what: string }[] = [
  { pattern: /\bD\d{4}\b/g, what: 'a CDT procedure code' },
  { pattern: /\bCPT\s*#?\s*\d{5}\b/gi, what: 'a CPT code' },
  { pattern: /\b[A-TV-Z]\d{2}\.\d{1,4}\b/g, what: 'an ICD-10 diagnosis code' },
  { pattern: /\btooth\s*(?:#|no\.?|number)?\s*\d{1,2}\b/gi, what: 'a tooth number' },
];
const moneyPatterns: RegExp[] = [
  /[$€£]\s?\d[\d,]*(?:\.\d{1,2})?/g,
  /\b\d[\d,]*(?:\.\d{1,2})?\s?(?:USD|dollars?|cents?)\b/gi,
];

export function lintTemplate(surface: TemplateSurface, text: string): LintResult {
  const problems: LintProblem[] = [];
  const allowed = allowedVariables(surface);
  for (const m of text.matchAll(placeholder)) {
    const name = m[1] ?? '';
    const variable = findTemplateVariable(name);
    if (!variable) {
      problems.push({ code: 'unknown_variable', excerpt: m[0], message: `${m[0]} is not a template variable; allowed in ${surface}: ${allowed.join(', ')}` });
    } else if (!allowed.includes(name)) {
      problems.push({ code: 'variable_not_allowed', excerpt: m[0], message: `${m[0]} is ${variable.privacy} information and may not appear in ${surface}; allowed: ${allowed.join(', ')}` });
    }
  }
  const withoutPlaceholders = text.replace(placeholder, ' ');
  if (/\{\{|\}\}/.test(withoutPlaceholders)) {
    problems.push({ code: 'malformed_placeholder', excerpt: text, message: 'unbalanced {{ or }}; write variables as {{name}}' });
  }
  if (discreetSurfaces.includes(surface)) {
    for (const m of withoutPlaceholders.matchAll(clinicalPattern)) {
      problems.push({ code: 'clinical_term', excerpt: m[0], message: `"${m[0]}" reveals clinical information; ${surface} text may carry only the practice name, a callback number and a neutral reminder (README 6.2, INV-11)` });
    }
    for (const { pattern, what } of codePatterns) {
      for (const m of withoutPlaceholders.matchAll(pattern)) {
        problems.push({ code: 'clinical_code', excerpt: m[0], message: `"${m[0]}" looks like ${what}; codes may not appear in ${surface} text (INV-11)` });
      }
    }
    for (const pattern of moneyPatterns) {
      for (const m of withoutPlaceholders.matchAll(pattern)) {
        problems.push({ code: 'money_amount', excerpt: m[0], message: `"${m[0]}" is a money amount; balances and amounts may not appear in ${surface} text (INV-11)` });
      }
    }
    for (const m of withoutPlaceholders.matchAll(financialPattern)) {
      problems.push({ code: 'financial_term', excerpt: m[0], message: `"${m[0]}" reveals billing or insurance information; it may not appear in ${surface} text (INV-11)` });
    }
  }
  return { ok: problems.length === 0, problems };
}
