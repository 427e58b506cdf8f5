import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { NextFunction, Request, Response, static as serveStatic } from 'express';

/** Paths the web app never answers: the API, its docs, health and metrics keep their own 404s. */
const NOT_THE_WEB_APP = /^\/(api|health|metrics)(\/|$)/;

/**
 * The web app (apps/web, built by Vite) at `/`: its files as they are (hashed assets cached for a
 * year, index.html never), and index.html for any other GET of a page, so that a deep link such as
 * /projects/p1/drawings opens the app, which routes in the browser (SPA fallback).
 * Returns false when there is no build to serve (the API still runs).
 */
export function serveWebApp(app: NestExpressApplication, dir: string): boolean {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  const files = serveStatic(root, {
    index: false,
    setHeaders: (res, path) => res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (NOT_THE_WEB_APP.test(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    files(req, res, () => {
      // A missing asset is a 404, not the page: only page-like paths fall back to index.html.
      if (req.path.startsWith('/assets/') || !req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  });
  return true;
}
