/** Debian's Chromium driven by playwright-core (no browser download: the machine's network is closed). */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export type { Browser };

export async function launchChromium(): Promise<Browser> {
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!executablePath) throw new Error("Chromium is not installed: run `apt-get install -y chromium` (the test script does this when it can).");
  return chromium.launch({
    executablePath,
    headless: true,
    // Without the background-networking flags Chromium keeps dialing out on a closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
