import { DomainError } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { GatewayConfig } from '../../config';

/** What a refused client is told to wait (`Retry-After`), in seconds: an upload of a few MB takes about this long. */
export const UPLOAD_RETRY_AFTER_SECONDS = 5;

/**
 * At most UPLOADS_PER_USER uploads of one user stream through this gateway
 * at once (issue 15, finding 8); the next is 429 TOO_MANY_UPLOADS with
 * `Retry-After`. Counted per gateway instance: the bound is on the work one
 * process takes for one user, which is what it protects.
 */
@Injectable()
export class UploadSlots {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly config: GatewayConfig) {}

  /** Takes a slot of the user, or refuses; the returned function gives it back (once). */
  acquire(userId: string): () => void {
    const held = this.inFlight.get(userId) ?? 0;
    if (held >= this.config.UPLOADS_PER_USER) {
      throw new DomainError('TOO_MANY_UPLOADS', `at most ${this.config.UPLOADS_PER_USER} uploads at once per user; retry when one has finished`, {
        retryAfterSeconds: UPLOAD_RETRY_AFTER_SECONDS,
      });
    }
    this.inFlight.set(userId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(userId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(userId, left);
      else this.inFlight.delete(userId);
    };
  }
}
