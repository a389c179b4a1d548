import { MAX_SLUG_LENGTH, slugify } from '../slug.ts';

/**
 * Materials: links that talks, panels, introductions and sessions carry once they have been
 * given (slides, a video, the recording, code). Only http and https links are accepted, so that
 * nothing served (pages, calendars, schedules) can carry a `javascript:` or `data:` link.
 */

export const MATERIAL_KINDS = ['slides', 'video', 'recording', 'code', 'other'] as const;
type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** As published: the id is always written out. */
export interface Material {
  id: string;
  kind: MaterialKind;
  title: string;
  url: string;
}

export type MaterialInput = Omit<Material, 'id'> & { id?: string | undefined };

export const MAX_URL_LENGTH = 2048;

/** An absolute http:// or https:// URL with a host. */
export function isWebUrl(text: string): boolean {
  if (text.length > MAX_URL_LENGTH || !/^https?:\/\//i.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A material's id defaults to the slug of its title ("Slides (PDF)" -> "slides-pdf"). */
const materialId = (material: MaterialInput): string =>
  material.id ?? slugify(material.title).slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '');

/**
 * Ids written out: given ones kept, the others made from the title (or the kind), with a number
 * added when taken ("slides", "slides-2").
 */
export function withMaterialIds(materials: readonly MaterialInput[]): Material[] {
  const taken = new Set(materials.flatMap((material) => (material.id ? [material.id] : [])));
  return materials.map((material) => {
    const { kind, title, url } = material;
    if (material.id !== undefined) return { id: material.id, kind, title, url };
    const base = materialId(material) || kind;
    let id = base;
    for (let suffix = 2; taken.has(id); suffix += 1) id = `${base}-${suffix}`;
    taken.add(id);
    return { id, kind, title, url };
  });
}
