import { useState } from 'preact/hooks';
import { problemText } from './api.ts';

/**
 * What a view tells of its last action: a status line (read out politely), an alert for what
 * failed, and whether an action is running (its button is disabled meanwhile). One shape for
 * every view, so that screen readers hear every outcome the same way.
 */
export function useOutcome() {
  const [status, setStatus] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  /** Runs an action: busy meanwhile; what it throws becomes the alert. */
  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      setFailure(problemText(error));
    } finally {
      setBusy(false);
    }
  }

  /** A failure as the alert, from a problem answer or anything thrown. */
  const fail = (error: unknown) => setFailure(problemText(error));
  /** Success: the status line says what happened; an earlier alert goes. */
  const succeed = (text: string) => {
    setFailure(undefined);
    setStatus(text);
  };

  const messages = (
    <>
      <p role="status">{status}</p>
      {failure ? <p role="alert">{failure}</p> : null}
    </>
  );
  return { failure, setFailure, fail, succeed, busy, run, messages };
}
