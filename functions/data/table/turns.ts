/**
 * Turns per key within one process: work for the same key runs one after another, in the order
 * it asked. Changes that would only collide with each other on one DynamoDB item (the seat
 * counter, the head of the waiting list) take turns here instead of failing their conditions
 * and backing off; across processes the conditions still decide. In Lambda (one request per
 * instance) a turn never waits.
 */
export function turnsByKey<Key>() {
  /** Per key, the end of the last turn given out. */
  const turns = new Map<Key, Promise<void>>();

  return function inTurn<T>(key: Key, work: () => Promise<T>): Promise<T> {
    const turn = (turns.get(key) ?? Promise.resolve()).then(work);
    const ended = turn.then(
      () => undefined,
      () => undefined,
    );
    turns.set(key, ended);
    void ended.then(() => {
      if (turns.get(key) === ended) turns.delete(key);
    });
    return turn;
  };
}
