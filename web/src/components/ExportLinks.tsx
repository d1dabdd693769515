/**
 * Download links for a list's CSV and NDJSON export. They are plain links:
 * the browser streams the file with the session cookie, and the export
 * applies the same withholding as the screen.
 */
import { apiUrl, type QueryParams } from '../api/api-client.ts';

/** CSV and NDJSON links for `base` + `.csv` / `.ndjson`. */
export function ExportLinks({
  base,
  params = {},
  what,
}: {
  base: string;
  params?: QueryParams;
  what: string;
}) {
  return (
    <p className="export-links">
      <span className="muted">Export {what}:</span>{' '}
      <a className="button-link" href={apiUrl(`${base}.csv`, params)} download>
        CSV
      </a>{' '}
      <a
        className="button-link"
        href={apiUrl(`${base}.ndjson`, params)}
        download
      >
        NDJSON
      </a>
    </p>
  );
}
