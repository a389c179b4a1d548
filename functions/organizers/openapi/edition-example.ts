/**
 * The example body of PUT …/draft (editor/agenda-routes.ts): a small whole edition source, one day in a
 * hall, fixed times, a speaker. A test checks it against the edition schema.
 */
export const EDITION_SOURCE_EXAMPLE = {
  year: 2021,
  title: '7th Annual High Performance Containers Workshop',
  shortTitle: 'HPCW21',
  website: 'https://hpcw.example.org/',
  location: { mode: 'in-person', venue: 'Conference Centre', room: 'Hall 3' },
  date: '2021-06-24',
  timezone: 'Europe/Berlin',
  abstract: 'Containers in HPC, from runtimes to use-cases.',
  topicAreas: ['Containers in HPC'],
  keywords: { topics: ['Containers in HPC'], technologies: ['Kubernetes'] },
  targetAudience: ['System Operators and Administrators'],
  format: 'Lightning talks and panels.',
  segments: [{ id: 'runtime', name: 'RUNTIME', description: 'Container runtimes.' }],
  speakers: [{ id: 'ada-lovelace', name: 'Ada Lovelace', affiliation: 'Analytical Engines' }],
  agenda: [
    {
      kind: 'session',
      title: 'RUNTIME',
      segment: 'runtime',
      at: '09:00',
      duration: '1h',
      items: [
        { kind: 'intro', title: 'Welcome', duration: 5 },
        { title: 'Container Runtimes Overview', at: '09:05', speakers: ['ada-lovelace'] },
      ],
    },
    { kind: 'end', title: 'End of the workshop', at: '10:00' },
  ],
};
