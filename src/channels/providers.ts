/**
 * The providers behind each channel, as app.ts built them from the configuration: a real provider
 * where its settings are given, else the sandbox. In demo mode every channel uses the sandbox,
 * whatever is configured, so trying Recare never texts a real person.
 */
import type { MessageChannel, MessageProvider } from './channel.js';
import type { SandboxProvider } from './sandbox.js';

export interface MessageProviders {
  /** The provider a message on this channel goes through now. */
  forChannel(channel: MessageChannel, demoMode: boolean): MessageProvider;
  /** The provider that sent an earlier message (by the name stored with it), for reconciling and webhooks. */
  byName(channel: MessageChannel, name: string): MessageProvider | undefined;
  /** The configured (non-sandbox) provider of a channel, if any. */
  configured(channel: MessageChannel): MessageProvider | undefined;
  sandboxes: readonly SandboxProvider[];
}

export function messageProviders(configured: Partial<Record<MessageChannel, MessageProvider>>, sandboxes: Record<MessageChannel, SandboxProvider>): MessageProviders {
  return {
    forChannel: (channel, demoMode) => (demoMode ? sandboxes[channel] : configured[channel] ?? sandboxes[channel]),
    byName: (channel, name) => [configured[channel], sandboxes[channel]].find((p) => p?.name === name),
    configured: (channel) => configured[channel],
    sandboxes: Object.values(sandboxes),
  };
}

