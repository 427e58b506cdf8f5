// tools/bench/gridfs.mjs — the raw GridFS ceiling (issue 17.1): the MongoDB driver alone
// (GridFSBucket, default 255 KiB chunks) writes a file of `fileMB` MiB of random bytes
// (1 MiB writes, waiting for 'drain') and reads it back. Shared by ceilings.mjs and files-bench.mjs.
import { randomBytes } from 'node:crypto';
import { GridFSBucket } from 'mongodb';

/** Write and read rates in MB/s (10^6 bytes) of one file through a throw-away bucket of `db`. */
export async function gridfsRates(db, fileMB) {
  const bucket = new GridFSBucket(db, { bucketName: `fs_${randomBytes(3).toString('hex')}` });
  const chunk = randomBytes(1 << 20);
  let t0 = performance.now();
  const upload = bucket.openUploadStream('ceiling.bin');
  for (let i = 0; i < fileMB; i++) {
    if (!upload.write(chunk)) await new Promise((r) => upload.once('drain', r));
  }
  await new Promise((resolve, reject) => upload.end((err) => (err ? reject(err) : resolve())));
  const writeMBs = (fileMB * (1 << 20)) / 1e6 / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  let bytes = 0;
  for await (const part of bucket.openDownloadStream(upload.id)) bytes += part.length;
  const readMBs = bytes / 1e6 / ((performance.now() - t0) / 1000);
  await bucket.drop();
  return { writeMBs, readMBs };
}
