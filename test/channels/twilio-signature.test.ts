/**
 * X-Twilio-Signature through the Twilio SMS adapter, against the vectors Twilio's own SDKs test with
 * (test/fixtures/provider-webhooks/, see PROVENANCE.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../src/channels/channel.js';
import { createTwilioSms } from '../../src/channels/sms/twilio.js';

interface TwilioVectors {
  auth_token: string;
  url: string;
  form_params: Record<string, string>;
  expected_signature: string;
  port_variants: {
    https_with_default_port_443_signature: string;
    http_url_with_default_port_80_signature: string;
    http_url_with_port_1234_signature: string;
  };
  duplicate_params: { form_body: string; expected_signature: string };
  json_body: { raw_body: string; body_sha256_hex: string; url: string; expected_signature: string };
}

const vectors = (JSON.parse(readFileSync(new URL('../fixtures/provider-webhooks/signature-test-vectors.json', import.meta.url), 'utf8')) as {
  twilio_request_validator: TwilioVectors;
}).twilio_request_validator;

const provider = createTwilioSms({
  accountSid: `AC${'0'.repeat(32)}`,
  authToken: vectors.auth_token,
  fromNumber: '+15005550006',
});

const baseBody = new URLSearchParams(vectors.form_params).toString();

function request(url: string, signature: string | undefined, body: string): WebhookRequest {
  return {
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature !== undefined ? { 'x-twilio-signature': signature } : {}) },
    rawBody: Buffer.from(body, 'utf8'),
  };
}

describe('Twilio webhook signatures (SDK test vectors)', () => {
  it('accepts the base vector: the public URL with its query string, and the form parameters', () => {
    expect(provider.verifySignature(request(vectors.url, vectors.expected_signature, baseBody))).toBe(true);
  });

  it('accepts the signature whatever the order of the form fields in the body', () => {
    const reordered = new URLSearchParams(Object.entries(vectors.form_params).reverse()).toString();
    expect(reordered).not.toBe(baseBody);
    expect(provider.verifySignature(request(vectors.url, vectors.expected_signature, reordered))).toBe(true);
  });

  it('accepts a signature over the URL with the default port when the URL has none, and the reverse', () => {
    const { port_variants: ports } = vectors;
    expect(provider.verifySignature(request(vectors.url, ports.https_with_default_port_443_signature, baseBody))).toBe(true);
    expect(provider.verifySignature(request('https://mycompany.com:443/myapp.php?foo=1&bar=2', vectors.expected_signature, baseBody))).toBe(true);
    expect(provider.verifySignature(request('http://mycompany.com/myapp.php?foo=1&bar=2', ports.http_url_with_default_port_80_signature, baseBody))).toBe(true);
  });

  it('accepts a non-default port only when the request was made on that port', () => {
    const signature = vectors.port_variants.http_url_with_port_1234_signature;
    expect(provider.verifySignature(request('http://mycompany.com:1234/myapp.php?foo=1&bar=2', signature, baseBody))).toBe(true);
    expect(provider.verifySignature(request('http://mycompany.com/myapp.php?foo=1&bar=2', signature, baseBody))).toBe(false);
    expect(provider.verifySignature(request('http://mycompany.com:4321/myapp.php?foo=1&bar=2', signature, baseBody))).toBe(false);
  });

  it('signs every value of a repeated form field (sorted), as Twilio does', () => {
    const { form_body: body, expected_signature: signature } = vectors.duplicate_params;
    expect(body).toContain('Digits=5678&Digits=1234');
    expect(provider.verifySignature(request(vectors.url, signature, body))).toBe(true);
    // Keeping only one of the repeated values (what a naive form parser does) breaks the signature.
    expect(provider.verifySignature(request(vectors.url, signature, 'Sid=CA123&SidAccount=AC123&Digits=1234'))).toBe(false);
  });

  it('checks a JSON-bodied webhook by the URL alone and the body hash carried in bodySHA256', () => {
    const { json_body: json } = vectors;
    expect(json.url).toContain(`bodySHA256=${json.body_sha256_hex}`);
    expect(provider.verifySignature(request(json.url, json.expected_signature, json.raw_body))).toBe(true);
    expect(provider.verifySignature(request(json.url, json.expected_signature, json.raw_body.replace('true', 'false')))).toBe(false);
  });

  it('rejects a tampered parameter, an added parameter, a changed query string and a changed host', () => {
    const signature = vectors.expected_signature;
    const tampered = new URLSearchParams({ ...vectors.form_params, Digits: '9999' }).toString();
    expect(provider.verifySignature(request(vectors.url, signature, tampered))).toBe(false);
    expect(provider.verifySignature(request(vectors.url, signature, `${baseBody}&Body=STOP`))).toBe(false);
    expect(provider.verifySignature(request('https://mycompany.com/myapp.php?foo=1&bar=3', signature, baseBody))).toBe(false);
    expect(provider.verifySignature(request('https://evil.example/myapp.php?foo=1&bar=2', signature, baseBody))).toBe(false);
  });

  it('rejects the right request checked with a different auth token', () => {
    const otherToken = createTwilioSms({ accountSid: `AC${'0'.repeat(32)}`, authToken: '54321', fromNumber: '+15005550006' });
    expect(otherToken.verifySignature(request(vectors.url, vectors.expected_signature, baseBody))).toBe(false);
  });

  it('rejects a missing or empty X-Twilio-Signature header, and a signature that is not base64 of the right length', () => {
    expect(provider.verifySignature(request(vectors.url, undefined, baseBody))).toBe(false);
    expect(provider.verifySignature(request(vectors.url, '', baseBody))).toBe(false);
    expect(provider.verifySignature(request(vectors.url, 'not a signature', baseBody))).toBe(false);
    expect(provider.verifySignature(request(vectors.url, `${vectors.expected_signature}=`, baseBody))).toBe(false);
  });

  it('rejects a request whose URL cannot be parsed, instead of throwing', () => {
    expect(provider.verifySignature(request('not a url', vectors.expected_signature, baseBody))).toBe(false);
  });
});
