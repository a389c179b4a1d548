/** Key builders for the single table: pure, so that every access pattern names its keys here. */

export const CATALOG_PK = 'CATALOG';

export const editionPk = (year: number) => `EDITION#${year}`;
export const catalogSk = (year: number) => `EDITION#${year}`;
export const META_SK = 'META';
export const sessionSk = (sessionId: string) => `SESSION#${sessionId}`;
export const slotSk = (slotId: string) => `SLOT#${slotId}`;
export const speakerSk = (speakerId: string) => `SPEAKER#${speakerId}`;

export const registrationsPk = (year: number) => `REG#${year}`;
export const COUNTER_SK = 'COUNTER';
export const registrationSk = (registrationId: string) => `REG#${registrationId}`;
export const emailClaimSk = (emailKey: string) => `EMAIL#${emailKey}`;
/** Registration ids are ULIDs: the waiting list sorts in arrival order. */
export const waitlistSk = (registrationId: string) => `WAIT#${registrationId}`;
export const statusIndexPk = (year: number, status: string) => `REGSTATUS#${year}#${status}`;
export const idempotencyPk = (year: number, keyHash: string) => `IDEMPOTENCY#${year}#${keyHash}`;
export const IDEMPOTENCY_SK = 'IDEMPOTENCY';
