import {
  type Kind,
  MATERIAL_KINDS,
  type Material,
  type MaterialKind,
  type Speaker,
  TALK_KINDS,
} from './model.ts';

/**
 * The form of each kind of draft item: which fields it has, how an item read from the API fills
 * them, and the body its route takes (talks, sessions and breaks: PATCH; speakers: PUT).
 */

export type Values = {
  title: string;
  kind: string;
  duration: string;
  at: string;
  abstract: string;
  speakers: string[];
  materials: Material[];
  name: string;
  affiliation: string;
  bio: string;
};
type Field = Exclude<keyof Values, never>;

const FIELDS: Record<Kind, readonly Field[]> = {
  talks: ['title', 'kind', 'duration', 'speakers', 'abstract', 'materials'],
  sessions: ['title', 'at', 'duration', 'materials'],
  breaks: ['title', 'at', 'duration'],
  speakers: ['name', 'affiliation', 'bio'],
};

export const LABELS: Record<Field, string> = {
  title: 'Title',
  kind: 'Kind',
  duration: 'Duration (minutes)',
  at: 'Starts at (HH:MM)',
  abstract: 'Abstract',
  speakers: 'Speakers',
  materials: 'Materials',
  name: 'Name',
  affiliation: 'Affiliation',
  bio: 'Bio',
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const number = (value: unknown) => (typeof value === 'number' ? String(value) : '');

export function valuesOf(item: Record<string, unknown>): Values {
  return {
    title: text(item.title),
    kind: text(item.kind) || 'talk',
    duration: number(item.duration),
    at: text(item.at),
    abstract: text(item.abstract),
    speakers: Array.isArray(item.speakers) ? (item.speakers as string[]) : [],
    materials: Array.isArray(item.materials) ? (item.materials as Material[]) : [],
    name: text(item.name),
    affiliation: text(item.affiliation),
    bio: text(item.bio),
  };
}

const minutes = (value: string) => (value.trim() ? Number(value) : undefined);
const optional = (name: string, value: string) => (value.trim() ? { [name]: value } : {});

/** The body of the kind's route: the whole form, so "Keep mine" writes all of what you see. */
export function bodyOf(kind: Kind, values: Values, item: Record<string, unknown>) {
  const duration = minutes(values.duration);
  if (kind === 'talks') {
    return {
      title: values.title,
      kind: values.kind,
      duration: duration ?? null,
      abstract: values.abstract.trim() ? values.abstract : null,
      speakers: values.speakers,
      materials: values.materials,
    };
  }
  if (kind === 'sessions') {
    return {
      title: values.title,
      at: values.at.trim() ? values.at : null,
      ...(duration === undefined ? {} : { duration }),
      materials: values.materials,
    };
  }
  if (kind === 'breaks') {
    return { title: values.title, at: values.at, ...(duration === undefined ? {} : { duration }) };
  }
  // PUT replaces the speaker: what the form does not show is sent back as read.
  return {
    name: values.name,
    ...optional('affiliation', values.affiliation),
    ...optional('bio', values.bio),
    ...(item.photoUrl ? { photoUrl: item.photoUrl } : {}),
    ...(item.links ? { links: item.links } : {}),
  };
}

/** A field's value as one line of text (the conflict view compares these). */
export function shown(field: Field, values: Values, speakers: readonly Speaker[]): string {
  if (field === 'speakers') {
    const names = values.speakers.map((id) => speakers.find((s) => s.id === id)?.name ?? id);
    return names.join(', ') || '—';
  }
  if (field === 'materials') {
    return values.materials.map((m) => `${m.kind}: ${m.title} <${m.url}>`).join('; ') || '—';
  }
  return values[field] || '—';
}

export const fieldsOf = (kind: Kind) => FIELDS[kind];

function Materials(props: { value: Material[]; onChange: (value: Material[]) => void }) {
  const { value, onChange } = props;
  const change = (index: number, patch: Partial<Material>) =>
    onChange(value.map((material, at) => (at === index ? { ...material, ...patch } : material)));
  return (
    <fieldset>
      <legend>Materials (slides, code, recording links)</legend>
      {value.map((material, index) => {
        const n = index + 1;
        return (
          <div class="row" key={material.id ?? `new-${index}`}>
            <label>
              Kind of material {n}
              <select
                value={material.kind}
                onChange={(event) =>
                  change(index, { kind: event.currentTarget.value as MaterialKind })
                }
              >
                {MATERIAL_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {kind}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Title of material {n}
              <input
                required
                value={material.title}
                onInput={(event) => change(index, { title: event.currentTarget.value })}
              />
            </label>
            <label>
              URL of material {n}
              <input
                type="url"
                required
                value={material.url}
                onInput={(event) => change(index, { url: event.currentTarget.value })}
              />
            </label>
            <button
              type="button"
              class="secondary"
              onClick={() => onChange(value.filter((_, at) => at !== index))}
            >
              Remove material {n}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        class="secondary"
        onClick={() => onChange([...value, { kind: 'slides', title: '', url: '' }])}
      >
        Add material
      </button>
    </fieldset>
  );
}

/** The inputs of a kind's form, each named by its label. */
export function Fields(props: {
  kind: Kind;
  values: Values;
  speakers: readonly Speaker[];
  onChange: (values: Values) => void;
}) {
  const { kind, values, speakers, onChange } = props;
  const set = (field: Field, value: string) => onChange({ ...values, [field]: value });
  const input = (field: Field, attributes: Record<string, unknown> = {}) => (
    <label key={field}>
      {LABELS[field]}
      <input
        value={values[field] as string}
        onInput={(event) => set(field, event.currentTarget.value)}
        {...attributes}
      />
    </label>
  );
  return (
    <>
      {fieldsOf(kind).map((field) => {
        switch (field) {
          case 'title':
          case 'name':
            return input(field, { required: true });
          case 'duration':
            return input(field, { type: 'number', min: 1, max: 1440, inputMode: 'numeric' });
          case 'at':
            return input(field, { pattern: '[0-2][0-9]:[0-5][0-9]', placeholder: '09:30' });
          case 'affiliation':
            return input(field);
          case 'kind':
            return (
              <label key={field}>
                {LABELS.kind}
                <select
                  value={values.kind}
                  onChange={(event) => set('kind', event.currentTarget.value)}
                >
                  {TALK_KINDS.map((talkKind) => (
                    <option key={talkKind} value={talkKind}>
                      {talkKind}
                    </option>
                  ))}
                </select>
              </label>
            );
          case 'abstract':
          case 'bio':
            return (
              <label key={field} class="wide">
                {LABELS[field]}
                <textarea
                  rows={3}
                  value={values[field]}
                  onInput={(event) => set(field, event.currentTarget.value)}
                />
              </label>
            );
          case 'speakers':
            return (
              <fieldset key={field}>
                <legend>Speakers</legend>
                {speakers.length === 0 ? <p class="muted">No speakers in the draft yet.</p> : null}
                {speakers.map((speaker) => (
                  <label key={speaker.id} class="check">
                    <input
                      type="checkbox"
                      checked={values.speakers.includes(speaker.id)}
                      onChange={(event) =>
                        onChange({
                          ...values,
                          speakers: event.currentTarget.checked
                            ? [...values.speakers, speaker.id]
                            : values.speakers.filter((id) => id !== speaker.id),
                        })
                      }
                    />
                    {speaker.name}
                  </label>
                ))}
              </fieldset>
            );
          case 'materials':
            return (
              <Materials
                key={field}
                value={values.materials}
                onChange={(materials) => onChange({ ...values, materials })}
              />
            );
          default:
            return null;
        }
      })}
    </>
  );
}
