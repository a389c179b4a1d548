/** Whether a write failed on its condition (DynamoDB's ConditionalCheckFailedException). */
const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * What a conditional write answers, or `otherwise` when its condition failed: the write was done
 * already (by an earlier attempt whose answer was lost, or by someone else), or is not to be done.
 */
export async function unlessConditionFails<T, U = undefined>(
  write: Promise<T>,
  otherwise?: U,
): Promise<T | U> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) return otherwise as U;
    throw error;
  }
}
