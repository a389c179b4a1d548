/**
 * The constraints of the C3VOC schedule.json format (voc/schedule, validator/json/schema.json),
 * restated here for the tests: required fields, the acronym, slug, duration and time-zone
 * patterns, UUID guids, integer ids >= 1, and no properties beyond the format's. One deliberate
 * difference: an event's `start` is "HH:MM", as frab and pretalx write it and schedule apps read
 * it (the full timestamp is in `date`); the upstream schema annotates it as date-time.
 */

const nullableString = { type: ['string', 'null'] };

/**
 * Upstream leaves the items of `links` and `attachments` open ("TODO: string vs object"); frab and
 * pretalx write objects with a title and an absolute URL, and so does this export.
 */
const link = {
  type: 'object',
  required: ['url', 'title'],
  properties: { url: { type: 'string', format: 'uri' }, title: { type: 'string' } },
};

const event = {
  type: 'object',
  additionalProperties: false,
  required: [
    'abstract',
    'date',
    'duration',
    'guid',
    'id',
    'language',
    'links',
    'persons',
    'room',
    'slug',
    'start',
    'subtitle',
    'title',
    'track',
    'type',
    'url',
  ],
  properties: {
    id: { type: 'integer', minimum: 1 },
    guid: { type: 'string', format: 'uuid' },
    logo: { type: 'string', format: 'uri' },
    date: { type: 'string', format: 'date-time' },
    start: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' },
    duration: { type: 'string', pattern: '^[0-9]+:[0-9]{2}$' },
    room: { type: 'string' },
    slug: { type: 'string', pattern: '^[a-z0-9_-]+[a-z0-9]$' },
    url: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    subtitle: nullableString,
    track: nullableString,
    type: { type: 'string' },
    language: { type: 'string' },
    abstract: nullableString,
    description: nullableString,
    recording_license: { type: 'string' },
    do_not_record: nullableString,
    do_not_stream: nullableString,
    persons: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          guid: { type: 'string', format: 'uuid' },
          id: { type: 'integer' },
        },
        oneOf: [
          { type: 'object', required: ['public_name', 'id'] },
          { type: 'object', required: ['name'] },
        ],
      },
    },
    links: { type: 'array', items: link },
    attachments: { type: 'array', items: link },
    answers: { type: 'array' },
  },
};

export const frabScheduleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['schedule'],
  properties: {
    $schema: { type: 'string' },
    generator: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        version: { type: 'string' },
        url: { type: 'string', format: 'uri' },
      },
    },
    schedule: {
      type: 'object',
      required: ['conference', 'version'],
      properties: {
        version: { type: 'string' },
        base_url: { type: 'string', format: 'uri' },
        rooms: false,
        conference: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'acronym', 'days', 'daysCount', 'start', 'end', 'timeslot_duration'],
          properties: {
            acronym: { type: 'string', pattern: '^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$' },
            title: { type: 'string' },
            description: { type: 'string' },
            start: { type: 'string', format: 'date' },
            end: { type: 'string', format: 'date' },
            daysCount: { type: 'integer' },
            timeslot_duration: { type: 'string' },
            time_zone_name: { type: 'string', pattern: '^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$' },
            url: { type: 'string', format: 'uri' },
            rooms: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['guid', 'name'],
                properties: {
                  name: { type: 'string' },
                  guid: { type: 'string', format: 'uuid' },
                  description: nullableString,
                  capacity: { type: ['number', 'null'] },
                },
              },
            },
            days: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['date', 'day_end', 'day_start', 'index', 'rooms'],
                properties: {
                  index: { type: 'integer' },
                  date: { type: 'string', format: 'date' },
                  day_start: { type: 'string', format: 'date-time' },
                  day_end: { type: 'string', format: 'date-time' },
                  rooms: { type: 'object', additionalProperties: { type: 'array', items: event } },
                },
              },
            },
          },
        },
      },
    },
  },
};
