/**
 * The TwiML Recare answers Twilio with (shared/docs/channels.md §2), built with the SDK's VoiceResponse
 * so every value is escaped. Pure: the use cases decide what to say and whom to dial.
 */
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';

/**
 * The staff member answered: announce recording if it is on, then dial the patient with the office's number as caller ID.
 * A recorded call reports its finished recording to `recording.statusCallbackUrl` (only its id and length are kept).
 */
export function bridgeTwiml(bridge: { patient: string; callerId: string; statusCallbackUrl: string; announcement: string | null; recording: { statusCallbackUrl: string } | null }): string {
  const response = new VoiceResponse();
  if (bridge.announcement) response.say(bridge.announcement);
  const dial = response.dial({
    callerId: bridge.callerId, answerOnBridge: true, timeout: 30,
    ...(bridge.recording ? {
      record: 'record-from-answer-dual' as const, recordingStatusCallback: bridge.recording.statusCallbackUrl,
      recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: ['completed' as const],
    } : {}),
  });
  dial.number({ statusCallback: bridge.statusCallbackUrl, statusCallbackMethod: 'POST', statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'] }, bridge.patient);
  return response.toString();
}

/** The voicemail drop: the approved message spoken in the patient's language, or its uploaded recording, then hang up. */
export function voicemailTwiml(message: { kind: 'say'; text: string; language: string } | { kind: 'play'; url: string }): string {
  const response = new VoiceResponse();
  // A short pause so the message starts after the beep rather than over it.
  response.pause({ length: 1 });
  if (message.kind === 'say') response.say({ language: message.language as never }, message.text);
  else response.play(message.url);
  response.hangup();
  return response.toString();
}

/** A patient calling the office's number: forward to the office line, showing the patient's number. */
export function forwardTwiml(forward: { officeLine: string | null; announcement: string | null; record: boolean }): string {
  const response = new VoiceResponse();
  if (forward.officeLine === null) {
    response.say('Sorry, this office cannot take calls at this number right now. Please call the office directly.');
    response.hangup();
    return response.toString();
  }
  if (forward.announcement) response.say(forward.announcement);
  response.dial({ ...(forward.record ? { record: 'record-from-answer-dual' as const } : {}) }, forward.officeLine);
  return response.toString();
}

/** Ends a call politely (a bridge request for a call Recare no longer knows, or one the gate now refuses). */
export function hangUpTwiml(message: string): string {
  const response = new VoiceResponse();
  response.say(message);
  response.hangup();
  return response.toString();
}
