import { describe, expect, it } from 'vitest';
import { webhookUrlAllowed } from '#functions/organizers/webhook-routes.ts';

describe('webhook URLs (SSRF)', () => {
  it.each([
    ['https://receiver.example/hooks', false, true],
    ['https://receiver.example:8443/hooks', false, true],
    ['http://receiver.example/hooks', false, false],
    ['https://localhost/hooks', false, false],
    ['https://127.0.0.1/hooks', false, false],
    ['https://10.0.0.5/hooks', false, false],
    ['https://172.20.1.1/hooks', false, false],
    ['https://192.168.1.1/hooks', false, false],
    ['https://169.254.169.254/latest/meta-data', false, false],
    ['https://[::1]/hooks', false, false],
    ['https://[fd00::1]/hooks', false, false],
    ['https://metadata.google.internal/', false, false],
    ['https://intranet/hooks', false, false],
    ['https://user:pass@receiver.example/', false, false],
    ['http://localhost:8080/hooks', false, false],
    ['http://localhost:8080/hooks', true, true],
    ['http://127.0.0.1:9000/hooks', true, true],
    ['http://10.0.0.5/hooks', true, false],
    ['not a url', true, false],
  ])('%s (loopback allowed: %s) is allowed: %s', (url, allowLoopback, expected) => {
    expect(webhookUrlAllowed(url, allowLoopback)).toBe(expected);
  });
});
