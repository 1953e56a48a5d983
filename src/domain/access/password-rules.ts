/**
 * Password rules after NIST SP 800-63B (rev. 4): length over complexity — at least 15 characters
 * for a password that is the only factor, at most 128, any characters, no composition rules — and
 * a check against a list of common and breached passwords, plus the account's own email and name.
 */
export const passwordLimits = { minLength: 15, maxLength: 128 } as const;

export interface PasswordContext {
  email: string;
  displayName?: string | null;
  /** Common and breached passwords, lower-cased. */
  commonPasswords: ReadonlySet<string>;
}

export function passwordProblems(password: string, context: PasswordContext): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < passwordLimits.minLength) problems.push(`is ${length} characters long; use at least ${passwordLimits.minLength} (a few unrelated words work well)`);
  if (length > passwordLimits.maxLength) problems.push(`is ${length} characters long; use at most ${passwordLimits.maxLength}`);
  const lower = password.toLowerCase();
  if (context.commonPasswords.has(lower) || context.commonPasswords.has(lower.replace(/[\d!@#$%^&*?.]+$/, ''))) {
    problems.push('is on a list of common or breached passwords; choose something others are unlikely to use');
  }
  const localPart = context.email.toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= 4 && lower.includes(localPart)) problems.push('contains the account email; choose something unrelated to the account');
  if (/^(.)\1+$/.test(password)) problems.push('repeats one character; choose something others cannot guess');
  if (/recare/i.test(password) && lower.replace(/[^a-z]/g, '').length < 12) problems.push('is mostly the product name; choose something unrelated');
  return problems;
}
