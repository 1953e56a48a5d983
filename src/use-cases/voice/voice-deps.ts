/** What the voice use cases are handed besides the store, clock and log: the provider (null: none configured) and the settings. */
import type { VoiceProvider } from '../../channels/voice/voice-channel.js';
import type { Deps } from '../deps.js';

export interface VoiceSettings {
  /** The https address the provider calls back and signs its requests with (PUBLIC_BASE_URL). */
  publicBaseUrl: string | null;
  /** TWILIO_VOICE_FROM: the caller ID when the call's office has none of its own (Locations page). */
  defaultCallerId: string | null;
  /** TWILIO_VOICE_FORWARD_TO: where a patient's call goes when their office has no phone of its own. */
  forwardTo: string | null;
  /** RECARE_CALL_RECORDING: record calls (off by default); an announcement plays first. */
  recording: boolean;
  recordingAnnouncement: string;
  /** A call row left 'creating' this long (its process stopped) may be resumed: reconciled with the provider, never dialled twice. */
  resumeAfterSeconds: number;
}

export const defaultVoiceSettings: VoiceSettings = {
  publicBaseUrl: null, defaultCallerId: null, forwardTo: null, recording: false,
  recordingAnnouncement: 'This call may be recorded for quality and training.',
  resumeAfterSeconds: 30,
};

/** Named points of placing a call, for observing it (the crash test stops the process at one). */
export type CallStep = 'call-recorded' | 'provider-answered';

export interface VoiceDeps extends Deps {
  voice: {
    provider: VoiceProvider | null;
    settings: VoiceSettings;
    onStep?: (step: CallStep, callId: number) => void | Promise<void>;
  };
}
