/**
 * The environment the mail functions read in AWS (infra/constructs/attendee-mail.ts), for the unit
 * tests that load their handlers against mocked clients.
 */
export const MAIL_SENDER_ENVIRONMENT = {
  TABLE_NAME: 'workshop-2020',
  MAIL_QUEUE_URL: 'https://sqs.example/mail',
  EMAIL_HASH_KEY: 'test-email-hash-key',
  MAIL_FROM: 'workshop@hpcw.example',
  MAIL_FROM_NAME: 'HPCW20',
  SES_CONFIGURATION_SET: 'hpcw2020-mail',
  PUBLIC_URL: 'https://hpcw.example',
};
