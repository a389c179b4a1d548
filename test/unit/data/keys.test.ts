import { describe, expect, it } from 'vitest';
import {
  CATALOG_PK,
  catalogSk,
  editionPk,
  META_SK,
  sessionSk,
  slotSk,
  speakerSk,
} from '#functions/data/keys.ts';

describe('key builders', () => {
  it.each([
    ['editionPk(2020)', editionPk(2020), 'EDITION#2020'],
    ['catalogSk(2020)', catalogSk(2020), 'EDITION#2020'],
    ['sessionSk', sessionSk('runtime'), 'SESSION#runtime'],
    ['slotSk', slotSk('runtime-panel-discussion'), 'SLOT#runtime-panel-discussion'],
    ['speakerSk', speakerSk('ada-lovelace'), 'SPEAKER#ada-lovelace'],
    ['CATALOG_PK', CATALOG_PK, 'CATALOG'],
    ['META_SK', META_SK, 'META'],
  ])('%s is %s', (_name, key, expected) => {
    expect(key).toBe(expected);
  });

  it('sorts the entities of an edition partition in separate, contiguous ranges', () => {
    const keys = [speakerSk('a'), slotSk('z'), META_SK, sessionSk('m'), slotSk('a')].sort();
    expect(keys).toEqual(['META', 'SESSION#m', 'SLOT#a', 'SLOT#z', 'SPEAKER#a']);
  });
});
