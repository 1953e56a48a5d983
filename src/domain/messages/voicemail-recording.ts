/**
 * A voicemail template's recording: the address of an audio file the practice recorded (a person's
 * voice rather than text-to-speech), played with TwiML <Play> after the beep. It must say what the
 * template's text says — the text stays the approved wording, linted like every template, and the
 * recording is its spoken copy. Twilio fetches the file itself, so it must be a public https address
 * of a format <Play> takes (MP3 or WAV); no user or password in it (it would reach Twilio's logs).
 */
export const recordingFormats = ['mp3', 'wav'] as const;
const maxLength = 500;

export type CheckedRecording = { ok: true; url: string } | { ok: false; message: string };

export function checkRecordingUrl(value: string): CheckedRecording {
  const shape = `an https address of an MP3 or WAV file, at most ${maxLength} characters, like https://example.com/voicemail/hygiene-en.mp3`;
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `the recording "${text}" is not an address; give ${shape}` };
  }
  if (url.protocol !== 'https:') return { ok: false, message: `the recording must be served over https (given ${url.protocol.replace(':', '')}); give ${shape}` };
  if (url.username !== '' || url.password !== '') return { ok: false, message: `the recording's address must not hold a user or password; give ${shape}` };
  const extension = url.pathname.split('.').pop()?.toLowerCase() ?? '';
  if (!(recordingFormats as readonly string[]).includes(extension)) return { ok: false, message: `the recording "${url.pathname.split('/').pop() ?? ''}" is not an MP3 or WAV file; give ${shape}` };
  if (text.length > maxLength) return { ok: false, message: `the recording's address is ${text.length} characters; give ${shape}` };
  return { ok: true, url: url.toString() };
}
