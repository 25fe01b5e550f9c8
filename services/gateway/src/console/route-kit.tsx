import { DomainError, decodeCsv, parseCsv } from '@kessai/platform';
import { multipartBoundary, parseMultipart, type UploadedFile } from '@kessai/web';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { VNode } from 'preact';
import type { ConsoleActor } from '../app/console/actor';
import type { Permission } from '../domain/console/roles';
import type { PageContext } from './pages/frame';

/** What the console's route files share (docs/console.md). */
export type Errors = { field: string; message: string }[];

export interface Call {
  req: Request;
  res: Response;
  actor: ConsoleActor;
  ctx: PageContext;
  /** renders a page in the frame */
  render: (status: number, title: string, page: VNode, options?: { refreshSeconds?: number }) => void;
}

/** A signed-in route: the session, the CSRF token of a POST and the permission checked before `fn` runs. */
export type SignedIn = (permission: Permission, fn: (c: Call) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void;

export const PAGE = 20;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const violations = (err: unknown): Errors | undefined =>
  err instanceof DomainError && (err.kind === 'invalid_argument' || err.kind === 'failed_precondition')
    ? err.fieldViolations.length > 0
      ? err.fieldViolations.map((v) => ({ field: v.field.replace(/^.*\./, ''), message: v.description }))
      : [{ field: '_', message: err.message }]
    : undefined;

export const withQuery = (path: string, params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
};

/** A file download: its type, an ASCII-safe name, never cached. */
export function sendFile(res: Response, file: { contentType: string; filename: string; data: Uint8Array }): void {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(Buffer.from(file.data));
}

export const UPLOAD_LIMIT = '8mb';

/** The file of a multipart form (see `uploadForm`), if one was chosen. */
export function uploadedFile(req: Request, name: string): UploadedFile | undefined {
  const f = (req as Request & { files?: Record<string, UploadedFile> }).files?.[name];
  return f && f.data.length > 0 ? f : undefined;
}

/**
 * Middleware for a form with a file input: the body buffered (limited) and
 * split into its fields (req.body, where the CSRF check finds `_csrf`) and files.
 */
export function uploadForm() {
  return [
    express.raw({ type: 'multipart/form-data', limit: UPLOAD_LIMIT }),
    (req: Request, _res: Response, next: NextFunction) => {
      const boundary = multipartBoundary(req.headers['content-type']);
      const raw = req.body as unknown;
      if (!Buffer.isBuffer(raw)) return next(); // not multipart: the urlencoded fields stay
      req.body = {};
      if (boundary) {
        try {
          const form = parseMultipart(raw, boundary);
          req.body = form.fields;
          (req as Request & { files?: Record<string, UploadedFile> }).files = form.files;
        } catch {
          // a malformed body has no fields: the CSRF check refuses it
        }
      }
      next();
    },
  ];
}

/** One error of an uploaded file, against its data row (1-based; null: the file as a whole) and that row's values. */
export interface RowError {
  row: number | null;
  field: string;
  message: string;
  values: string;
}

/**
 * The errors of a refused CSV upload, each against its row: `rows[n].field`
 * violations (n counted from `firstRow`, e.g. after an order's existing
 * recipients) mapped to the file's data rows, with the row's own values read
 * back from the file so the merchant sees which line it is.
 */
export function rowErrors(err: unknown, csv: Buffer, firstRow = 1): RowError[] | undefined {
  if (!(err instanceof DomainError) || (err.kind !== 'invalid_argument' && err.kind !== 'failed_precondition')) return undefined;
  let records: string[][] = [];
  try {
    records = parseCsv(decodeCsv(csv).text);
  } catch {
    // the error list says why the file could not be read
  }
  const list = err.fieldViolations.length > 0 ? err.fieldViolations : [{ field: '', description: err.message }];
  return list.map((v) => {
    const m = /^rows\[(\d+)\](?:\.(.+))?$/.exec(v.field);
    if (!m) return { row: null, field: v.field, message: v.description, values: '' };
    const row = Number(m[1]) - firstRow + 1;
    return { row, field: m[2] ?? '', message: v.description, values: (records[row] ?? []).join(', ') };
  });
}
