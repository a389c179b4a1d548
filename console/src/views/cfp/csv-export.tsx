import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { useOutcome } from '../../outcome.tsx';
import type { Status } from './model.ts';

/**
 * The organizers' CSV of the submissions (GET …/submissions?format=csv): fetched through the
 * client with the token (a plain link would carry none), then offered as a Blob URL to download.
 */
export function CsvExport(props: { year: number; status: Status | '' }) {
  const { year, status } = props;
  const [file, setFile] = useState<{ url: string; name: string; bytes: number }>();
  const { busy, run, succeed, messages } = useOutcome();

  // A new filter makes the old file stale; a Blob URL is freed when it goes.
  useEffect(() => {
    setFile(undefined);
  }, [year, status]);
  useEffect(() => () => file && URL.revokeObjectURL(file.url), [file?.url]);

  return (
    <div class="row export">
      <button
        type="button"
        class="secondary"
        disabled={busy}
        onClick={() =>
          run(async () => {
            const { data, error } = await api.GET('/admin/editions/{year}/submissions', {
              params: { path: { year }, query: { format: 'csv', ...(status ? { status } : {}) } },
              parseAs: 'blob',
            });
            if (!data) throw error;
            const name = `submissions-${year}${status ? `-${status}` : ''}.csv`;
            setFile({ url: URL.createObjectURL(data), name, bytes: data.size });
            succeed(`The CSV export is ready: ${name}.`);
          })
        }
      >
        Prepare the CSV export
      </button>
      {file ? (
        <a href={file.url} download={file.name}>
          Download {file.name} ({Math.max(1, Math.round(file.bytes / 1024))} KB)
        </a>
      ) : null}
      {messages}
    </div>
  );
}
