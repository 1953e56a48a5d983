/**
 * ~49,000 common and breached passwords (the zxcvbn-ts common list, bundled with the package),
 * loaded once, lower-cased, for the password rules.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

let cached: ReadonlySet<string> | undefined;

export function commonPasswords(): ReadonlySet<string> {
  cached ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return cached;
}
