import type { SubmissionRecord } from '#shared/cfp/submission.ts';
import { SUBMISSION_SK_PREFIX, submissionSk, submissionsPk } from '../table/keys.ts';

/**
 * The items of the call for papers, as the submission, review and speaker stores of this folder
 * write and read them. The partition is private: no public role may read it (contract.ts,
 * PUBLIC_PARTITIONS), and no key holds personal data.
 *
 * | entity     | pk                 | sk                              |                                   |
 * |------------|--------------------|---------------------------------|-----------------------------------|
 * | submission | SUBMISSIONS#<year> | SUB#<id>                        | the record; speakers' addresses; version; TTL once rejected, withdrawn or declined |
 * | review     | SUBMISSIONS#<year> | REVIEW#<submission id>#<reviewer key> | score, comment, reviewer's subject |
 * | claim      | SUBMISSIONS#<year> | SUBCLAIM#<hmac of title + submitter address> | one submission per title and submitter; names its submissionId |
 * | person     | SPEAKERMAIL#<hmac> | PERSON                          | the person id an address confirmed as |
 */

export function submissionItem(record: SubmissionRecord) {
  return {
    pk: submissionsPk(record.year),
    sk: submissionSk(record.id),
    entity: 'submission',
    ...record,
  };
}

/** The record an item holds (keys and entity dropped). */
export function submissionOf(item: Record<string, unknown>): SubmissionRecord {
  const { pk: _pk, sk: _sk, entity: _entity, ...record } = item;
  return record as unknown as SubmissionRecord;
}

/** The submission id its sort key names. */
export const submissionIdOf = (sk: string) => sk.slice(SUBMISSION_SK_PREFIX.length);
