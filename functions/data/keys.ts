/** Key builders for the single table: pure, so that every access pattern names its keys here. */

export const CATALOG_PK = 'CATALOG';

export const editionPk = (year: number) => `EDITION#${year}`;
export const catalogSk = (year: number) => `EDITION#${year}`;
export const META_SK = 'META';
export const sessionSk = (sessionId: string) => `SESSION#${sessionId}`;
export const slotSk = (slotId: string) => `SLOT#${slotId}`;
export const speakerSk = (speakerId: string) => `SPEAKER#${speakerId}`;
