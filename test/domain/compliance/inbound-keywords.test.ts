import { describe, expect, it } from 'vitest';
import { parseInboundKeyword } from '../../../src/domain/compliance/index.js';

describe('inbound keyword parser (INV-09)', () => {
  it.each([
    ['STOP', 'opt_out', 'STOP'], ['stop', 'opt_out', 'STOP'], ['  Stop.  ', 'opt_out', 'STOP'], ['STOP!!!', 'opt_out', 'STOP'],
    ['StopAll', 'opt_out', 'STOPALL'], ['stop all', 'opt_out', 'STOP ALL'], ['Unsubscribe', 'opt_out', 'UNSUBSCRIBE'],
    ['cancel', 'opt_out', 'CANCEL'], ['END', 'opt_out', 'END'], ['quit.', 'opt_out', 'QUIT'], ['Revoke', 'opt_out', 'REVOKE'],
    ['OPTOUT', 'opt_out', 'OPTOUT'], ['opt out', 'opt_out', 'OPT OUT'], ['Opt-Out', 'opt_out', 'OPT OUT'], ['"stop"', 'opt_out', 'STOP'],
    ['HELP', 'help', 'HELP'], ['info?', 'help', 'INFO'], ['START', 'opt_in', 'START'], ['unstop', 'opt_in', 'UNSTOP'],
  ] as const)('%j → %s', (text, intent, matched) => {
    const r = parseInboundKeyword(text);
    expect(r).toMatchObject({ intent, matched, flagForStaff: false });
    expect(r.suppressAutomatedContact).toBe(intent === 'opt_out');
  });

  it.each([
    ['stop texting me', 'STOP TEXTING'], ['Please STOP', 'STOP'], ['no more texts please', 'NO MORE TEXTS'], ['Leave me alone!', 'LEAVE ME ALONE'],
    ['No más', 'NO MAS'], ['wrong number', 'WRONG NUMBER'], ["don't text me", 'DONT TEXT'], ['Cancel my appointment', 'CANCEL'],
  ])('%j is not a keyword: suppress now and flag for staff', (text, matched) => {
    expect(parseInboundKeyword(text)).toMatchObject({ intent: 'possible_opt_out', matched, suppressAutomatedContact: true, flagForStaff: true });
  });

  it('YES re-opts in only when the last outbound message asked for it', () => {
    expect(parseInboundKeyword('yes').intent).toBe('other');
    expect(parseInboundKeyword('Yes', { lastOutboundAskedForYes: true }).intent).toBe('opt_in');
  });

  it.each(['C', "I'll stop by Tuesday", 'Thanks, see you Tuesday', 'What time is my appointment?', 'stopped by yesterday', ''])('%j is an ordinary reply', (text) => {
    expect(parseInboundKeyword(text)).toMatchObject({ intent: 'other', matched: null, suppressAutomatedContact: false, flagForStaff: false });
  });
});
