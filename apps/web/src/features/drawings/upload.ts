import { ApiError, type ApiPaths, authorizationHeader } from '../../api/client';

type UploadOperation = ApiPaths['/api/v1/projects/{projectId}/drawing-revisions']['post'];
/** The multipart fields of an upload, as the gateway's OpenAPI document declares them. */
export type UploadFields = Omit<UploadOperation['requestBody']['content']['multipart/form-data'], 'file'>;
export type UploadedRevision = UploadOperation['responses'][201]['content']['application/json'];

const UPLOAD_PATH: keyof ApiPaths = '/api/v1/projects/{projectId}/drawing-revisions';

/**
 * One file to the register, through XMLHttpRequest because fetch reports no upload progress.
 * `onProgress` gets the fraction sent (0..1).
 */
export function uploadRevision(projectId: string, file: File, fields: UploadFields, onProgress: (fraction: number) => void): Promise<UploadedRevision> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') form.append(name, String(value));
  form.append('file', file, file.name); // last: the gateway streams the file after reading the fields
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', UPLOAD_PATH.replace('{projectId}', encodeURIComponent(projectId)));
    for (const [k, v] of Object.entries(authorizationHeader())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'The upload was interrupted: check your connection and try again.'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as UploadedRevision);
      } else reject(ApiError.from(xhr.status, body));
    };
    xhr.send(form);
  });
}

/** "A-101 Ground floor.pdf" → number "A-101", title "Ground floor". */
export function guessFromFileName(name: string): { drawingNumber: string; title: string } {
  const base = name.replace(/\.[^.]+$/, '').trim();
  const match = /^([A-Za-z]{0,4}[-.]?\d[A-Za-z0-9.-]*)[\s_]+(.+)$/.exec(base);
  return match ? { drawingNumber: match[1], title: match[2].replace(/[_]+/g, ' ').trim() } : { drawingNumber: base, title: base };
}
