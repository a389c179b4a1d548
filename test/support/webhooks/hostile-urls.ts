/** Webhook URLs the adversarial probe of issue 10 got accepted (201) before the URL policy. */
export const PROBED_WEBHOOK_URLS = [
  'https://metadata.google.internal./',
  'https://localhost./',
  'https://foo.localhost./',
  'https://localhost.localdomain/',
  'https://[::127.0.0.1]/',
  'https://[64:ff9b::a9fe:a9fe]/',
];
