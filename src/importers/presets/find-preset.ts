import { athenahealth } from './athenahealth.js';
import { dentrix } from './dentrix.js';
import { openDental } from './open-dental.js';
import type { Preset } from './preset.js';

export const presets: readonly Preset[] = [openDental, dentrix, athenahealth];

/** For `--preset NAME`; null when unknown (the CLI lists `presets` in its message). */
export function findPreset(name: string): Preset | null {
  const key = name.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return presets.find((p) => p.name === key || p.name.replace(/-/g, '') === key.replace(/-/g, '')) ?? null;
}
