import { describe, expect, it } from 'vitest';
import { EVENTS_PREFIX } from '#functions/contract.ts';
import {
  auditPk,
  CATALOG_PK,
  catalogSk,
  DRAFT_SK,
  deliveriesPk,
  draftPk,
  editionPk,
  emailClaimSk,
  eventsPk,
  IDEMPOTENCY_SK,
  idempotencyPk,
  META_SK,
  REGISTRATION_SK_PREFIX,
  registrationIdOf,
  registrationSk,
  registrationsPk,
  releaseSk,
  releasesPk,
  SEAT_COUNTER_SK,
  sessionSk,
  slotSk,
  speakerSk,
  statusIndexPk,
  WAITLIST_SK_PREFIX,
  waitlistSk,
  webhooksPk,
} from '#functions/data/table/keys.ts';

const ULID = '01HZX3N6Q8R9S0T1V2W3X4Y5Z6';

describe('key builders', () => {
  it.each([
    ['editionPk(2020)', editionPk(2020), 'EDITION#2020'],
    ['catalogSk(2020)', catalogSk(2020), 'EDITION#2020'],
    ['sessionSk', sessionSk('runtime'), 'SESSION#runtime'],
    ['slotSk', slotSk('runtime-panel-discussion'), 'SLOT#runtime-panel-discussion'],
    ['speakerSk', speakerSk('ada-lovelace'), 'SPEAKER#ada-lovelace'],
    ['CATALOG_PK', CATALOG_PK, 'CATALOG'],
    ['META_SK', META_SK, 'META'],
    ['registrationsPk(2020)', registrationsPk(2020), 'REG#2020'],
    ['SEAT_COUNTER_SK', SEAT_COUNTER_SK, 'COUNTER'],
    ['registrationSk', registrationSk(ULID), `REG#${ULID}`],
    ['emailClaimSk', emailClaimSk('ab12'), 'EMAIL#ab12'],
    ['waitlistSk', waitlistSk(1_748_000_000_000_123), 'WAIT#1748000000000123'],
    ['waitlistSk(7)', waitlistSk(7), 'WAIT#0000000000000007'],
    ['statusIndexPk', statusIndexPk(2020, 'waitlisted'), 'REGSTATUS#2020#waitlisted'],
    ['idempotencyPk', idempotencyPk(2020, 'ff00'), 'IDEMPOTENCY#2020#ff00'],
    ['IDEMPOTENCY_SK', IDEMPOTENCY_SK, 'IDEMPOTENCY'],
    ['draftPk(2020)', draftPk(2020), 'DRAFT#2020'],
    ['DRAFT_SK', DRAFT_SK, 'DRAFT'],
    ['releasesPk(2020)', releasesPk(2020), 'RELEASES#2020'],
    ['releaseSk(7)', releaseSk(7), 'REL#0007'],
    ['auditPk(2020)', auditPk(2020), 'AUDIT#2020'],
    ['webhooksPk(2020)', webhooksPk(2020), 'WEBHOOKS#2020'],
    ['deliveriesPk', deliveriesPk(2020, 'wh_1'), 'DELIVERIES#2020#wh_1'],
    ['eventsPk(2020)', eventsPk(2020), 'EVENTS#2020'],
  ])('%s is %s', (_name, key, expected) => {
    expect(key).toBe(expected);
  });

  it('sorts the entities of an edition partition in separate, contiguous ranges', () => {
    const keys = [speakerSk('a'), slotSk('z'), META_SK, sessionSk('m'), slotSk('a')].sort();
    expect(keys).toEqual(['META', 'SESSION#m', 'SLOT#a', 'SLOT#z', 'SPEAKER#a']);
  });

  it('keeps registrations, email claims and waiting-list entries apart from the seat counter', () => {
    const keys = [waitlistSk(1), registrationSk(ULID), emailClaimSk('e'), SEAT_COUNTER_SK];
    expect(keys.filter((key) => key.startsWith(REGISTRATION_SK_PREFIX))).toEqual([
      registrationSk(ULID),
    ]);
    expect(keys.filter((key) => key.startsWith(WAITLIST_SK_PREFIX))).toEqual([waitlistSk(1)]);
  });

  it('sorts waiting-list entries by ticket, up to the largest safe integer', () => {
    const tickets = [Number.MAX_SAFE_INTEGER, 10, 9, 1_748_000_000_000_000, 0];
    expect(tickets.map(waitlistSk).sort()).toEqual(
      [...tickets].sort((a, b) => a - b).map(waitlistSk),
    );
  });

  it('reads the registration id back from its sort key', () => {
    expect(registrationIdOf(registrationSk(ULID))).toBe(ULID);
  });

  it('sorts releases by number up to 9999', () => {
    expect([releaseSk(10), releaseSk(9), releaseSk(100)].sort()).toEqual([
      'REL#0009',
      'REL#0010',
      'REL#0100',
    ]);
  });

  it('puts outbox events in the partitions the table stream is filtered to', () => {
    expect(eventsPk(2030).startsWith(EVENTS_PREFIX)).toBe(true);
  });
});
