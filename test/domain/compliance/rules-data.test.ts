import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledRules, bundledRulesProblems, parseCallingRules, rulesSha256, lookupAreaCode, splitAreaCodes } from '../../../src/domain/compliance/index.js';

const dataDir = fileURLToPath(new URL('../../../src/domain/compliance/data/', import.meta.url));

describe('rules data', () => {
  it('rulesSha256 is the SHA-256 of the shipped JSON bytes, and PROVENANCE.md records the same digest', () => {
    const bytes = readFileSync(`${dataDir}us-calling-rules.json`);
    const digest = createHash('sha256').update(bytes).digest('hex');
    expect(rulesSha256).toBe(digest);
    expect(readFileSync(`${dataDir}PROVENANCE.md`, 'utf8')).toContain(digest);
  });

  it('the bundled rules validate and contain every state entry', () => {
    expect(bundledRulesProblems).toEqual([]);
    expect(bundledRules?.states.map((s) => s.id)).toEqual(['AL', 'CT', 'FL', 'LA', 'MD', 'MA', 'MS', 'NV-ADAD', 'OK', 'OK-ADAD', 'PA', 'RI', 'TX', 'UT', 'WA']);
    expect(bundledRules?.federal.hours.mon).toEqual({ start: 480, end: 1260 });
  });

  it('a rules file that does not validate is reported as problems, not thrown', () => {
    const result = parseCallingRules({ schemaVersion: '1' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toMatch(/federal/);
    const badHours = JSON.parse(readFileSync(`${dataDir}us-calling-rules.json`, 'utf8')) as { states: { hours: Record<string, unknown> }[] };
    badHours.states[0]!.hours.mon = ['8am', '20:00'];
    const bad = parseCallingRules(badHours);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatch(/states\.0\.hours\.mon\.0: expected HH:MM/);
  });

  it('every curated split area code has at least two zones and every NPA zone is a valid IANA name', () => {
    expect(splitAreaCodes()).toEqual(expect.arrayContaining(['850', '270', '812', '906', '931', '208', '541', '605', '701', '928', '907']));
    for (const npa of splitAreaCodes()) expect(lookupAreaCode(npa)?.zones.length, npa).toBeGreaterThanOrEqual(2);
    const table = JSON.parse(readFileSync(`${dataDir}npa-time-zones.json`, 'utf8')) as Record<string, { zones: string[]; states: string[] }>;
    expect(Object.keys(table).length).toBeGreaterThan(300);
    for (const [npa, e] of Object.entries(table)) {
      expect(e.states.length, npa).toBeGreaterThan(0);
      for (const z of e.zones) expect(() => new Intl.DateTimeFormat('en-US', { timeZone: z }), `${npa} ${z}`).not.toThrow();
    }
  });
});
