import { useEffect, useRef, useState } from 'react';
import { authorizationHeader } from '../../api/client';

export interface Point {
  x: number;
  y: number;
}

/**
 * The file of a revision: an image as it is, page 1 of a PDF rendered by pdf.js into a canvas
 * (no browser plugin needed). Fetched with the session's token, shown from a blob URL.
 */
export function useRevisionFile(url: string) {
  const [file, setFile] = useState<{ blobUrl: string; type: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let blobUrl = '';
    let cancelled = false;
    fetch(url, { headers: authorizationHeader() })
      .then(async (res) => {
        if (!res.ok) throw new Error(`The file could not be loaded (${res.status}).`);
        const blob = await res.blob();
        blobUrl = URL.createObjectURL(blob);
        if (!cancelled) setFile({ blobUrl, type: res.headers.get('content-type') ?? blob.type });
      })
      .catch((err: Error) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
      if (blobUrl) URL.revokeObjectURL(blobUrl);
    };
  }, [url]);
  return { file, error };
}

export function PdfPage({ blobUrl, title, onRendered }: { blobUrl: string; title: string; onRendered: () => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const pdfjs = await import('pdfjs-dist');
      const worker = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      const doc = await pdfjs.getDocument({ url: blobUrl }).promise;
      const page = await doc.getPage(1);
      const viewport = page.getViewport({ scale: 2 });
      const el = canvas.current;
      if (!el || cancelled) return;
      el.width = viewport.width;
      el.height = viewport.height;
      await page.render({ canvas: el, viewport }).promise;
      if (!cancelled) onRendered();
    })().catch((err: Error) => !cancelled && setError(`The PDF could not be shown: ${err.message}`));
    return () => {
      cancelled = true;
    };
  }, [blobUrl, onRendered]);
  if (error) return <p role="alert">{error}</p>;
  return <canvas ref={canvas} className="drawing-canvas" role="img" aria-label={title} />;
}
