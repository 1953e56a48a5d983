import { describe, expect, it } from 'vitest';
import { countSmsSegments } from '../../../src/domain/messages/index.js';

describe('SMS segment counting', () => {
  it.each([
    ['', 'GSM-7', 0, 0],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['€'.repeat(80), 'GSM-7', 160, 1], // extension characters cost two septets
    ['a'.repeat(159) + '[', 'GSM-7', 161, 2],
    ['Café à 10h', 'GSM-7', 10, 1], // é and à are in the GSM basic set
    ['ç'.repeat(70), 'UCS-2', 70, 1], // ç is not (only Ç is)
    ['b'.repeat(71), 'GSM-7', 71, 1],
    ['“Smart quotes”' + 'a'.repeat(56), 'UCS-2', 70, 1],
    ['x'.repeat(69) + '😀', 'UCS-2', 71, 2], // an emoji is two UTF-16 units and switches everything to UCS-2
    ['a'.repeat(134) + '😀', 'UCS-2', 136, 3], // 67 + 67 would split the surrogate pair, so it moves on
  ])('%#: %s… → %s, %i units, %i segments', (text, encoding, units, segments) => {
    const r = countSmsSegments(text);
    expect(r).toMatchObject({ encoding, units, segments });
  });

  it('names the characters that forced UCS-2', () => {
    expect(countSmsSegments('Hi ’there’ 😀').nonGsmCharacters).toEqual(['’', '😀']);
  });

  it('a GSM-7 message that does not split an escape pair across segments', () => {
    // 152 plain + '€' (2 septets) = 154 > 153 → the € starts segment two.
    expect(countSmsSegments('a'.repeat(152) + '€' + 'b'.repeat(10))).toMatchObject({ units: 164, segments: 2, unitsPerSegment: 153 });
  });
});
