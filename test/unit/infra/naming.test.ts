import { describe, expect, it } from 'vitest';
import {
  checkedAuthDomainPrefix,
  editionStackId,
  seriesApiSettings,
  seriesName,
  seriesStackId,
} from '../../../infra/series/naming.ts';
import { seedEdition } from '../../support/editions.ts';

/** What a series and its years are called, and how its one API serves them all. */

const edition = (year: number, api: Partial<ReturnType<typeof seedEdition>['api']> = {}) => {
  const source = seedEdition();
  return {
    ...source,
    year,
    shortTitle: `HPCW${String(year).slice(2)}`,
    api: { ...source.api, ...api },
  };
};

describe('the series name', () => {
  it('is the letters every short title shares; the stacks are named after it and the year', () => {
    expect(seriesName([edition(2020), edition(2021)])).toBe('hpcw');
    expect(seriesStackId('hpcw')).toBe('HpcwSeries');
    expect(editionStackId(edition(2021))).toBe('Hpcw2021');
  });

  it('is refused when the files name two series, or none', () => {
    expect(() => seriesName([edition(2020), { ...edition(2019), shortTitle: 'TW19' }])).toThrow(
      /several series \(hpcw, tw\): add -c series=<name>/,
    );
    expect(() => seriesName([])).toThrow(/no series/);
  });
});

describe('the series API settings', () => {
  it('allow every year’s origins, and take the latest year’s throttle and public URL', () => {
    const settings = seriesApiSettings([
      edition(2021, {
        allowedOrigins: ['https://qnib.org', 'https://2021.example'],
        throttle: { rateLimit: 80, burstLimit: 160 },
      }),
      edition(2020, { publicUrl: 'https://hpcw.example' }),
    ]);
    expect(settings).toEqual({
      allowedOrigins: ['http://qnib.org', 'https://qnib.org', 'https://2021.example'],
      throttle: { rateLimit: 80, burstLimit: 160 },
      publicUrl: 'https://hpcw.example',
    });
  });
});

describe('the managed login domain prefix', () => {
  it('takes lower-case letters, digits and hyphens', () => {
    expect(checkedAuthDomainPrefix('hpcw-organizers')).toBe('hpcw-organizers');
  });

  it.each(['Hpcw', 'hpcw_org', '-hpcw', 'hpcw-aws', 'my-cognito', 'x'.repeat(64)])(
    'refuses %s',
    (prefix) => {
      expect(() => checkedAuthDomainPrefix(prefix)).toThrow(/authDomainPrefix/);
    },
  );
});
