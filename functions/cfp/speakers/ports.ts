import type { Material } from '#shared/edition/materials.ts';
import type { EditionSource } from '#shared/edition/schema.ts';

/**
 * What speakers' self-service asks of other contexts, handed in by the composition roots: the
 * organizers' draft editor and the release use case for materials (functions/releases/
 * materials.ts). A context imports neither; these are their shapes as used here.
 */

/** The organizers' draft editor (organizers/agenda-service.ts `edit`): revision check, retries, audit. */
export type DraftEditor = <Result>(request: {
  year: number;
  who: string;
  action: string;
  target: string;
  apply: (source: EditionSource) => { source: EditionSource; result: Result; summary: string };
}) => Promise<{ result: Result }>;

/** Materials of a released talk, published at once and kept in the draft. */
export interface TalkMaterials {
  add(
    year: number,
    talkId: string,
    material: Omit<Material, 'id'>,
    author: { who: string },
  ): Promise<{ material: Material; release: number }>;
  remove(
    year: number,
    talkId: string,
    materialId: string,
    author: { who: string },
  ): Promise<{ material: Material; release: number }>;
}
