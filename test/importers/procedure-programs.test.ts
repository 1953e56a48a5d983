import { describe, expect, it } from 'vitest';
import { programForProcedure, procedureProgramRules } from '../../src/domain/recall/procedure-programs.js';

describe('procedure → recall program data', () => {
  it.each([
    ['CDT', 'D1110', 'completed', 'hygiene'],
    ['CDT', 'd1120', 'completed', 'hygiene'],
    ['CDT', 'D4910', 'completed', 'perio_maintenance'],
    ['CDT', 'D4341', 'completed', 'perio_maintenance'],
    ['CDT', 'D4342', 'planned', 'unscheduled_treatment'],
    ['CDT', 'D0120', 'completed', 'periodic_exam'],
    ['CDT', 'D0150', 'completed', 'periodic_exam'],
    ['CDT', 'D0180', 'completed', 'periodic_exam'],
    ['CDT', 'D7140', 'completed', 'post_op'],
    ['CDT', 'D7210', 'completed', 'post_op'],
    ['CDT', 'D7240', 'completed', 'post_op'],
    ['CDT', 'D6010', 'completed', 'post_op'],
    ['CDT', 'D4260', 'completed', 'post_op'],
    ['CDT', 'D2391', 'planned', 'unscheduled_treatment'],
    ['CDT', 'D2391', 'completed', null],
    ['CDT', 'D4910', 'planned', 'perio_maintenance'],
    ['SNOMED', '1260009003', 'completed', 'hygiene'],
    ['SNOMED', '34043003', 'completed', 'periodic_exam'],
    ['SNOMED', '173291009', 'completed', 'post_op'],
    ['SNOMED', '1256042007', 'planned', 'unscheduled_treatment'],
    ['SNOMED', '430193006', 'completed', null],
    ['CPT', 'D1110', 'completed', null],
  ] as const)('%s %s %s → %s', (system, code, status, program) => {
    expect(programForProcedure(system, code, status)).toBe(program);
  });

  it('holds one rule per code (a duplicate would make the mapping depend on order)', () => {
    const keys = procedureProgramRules.procedures.map((r) => `${r.system}|${r.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(['SNOMED|1260010008', 'SNOMED|274788003', 'SNOMED|68071007', 'SNOMED|64544008', 'CDT|D1206']));
  });
});
