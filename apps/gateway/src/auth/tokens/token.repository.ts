import { ChangeLog } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { VersionedStore } from '../../common/versioned-store';
import { DirectoryCache } from '../../directory/directory-cache';
import { accessTokenChanged } from '../../directory/directory-events';
import { ACCESS_TOKEN_MODEL, AccessToken, AccessTokenState } from './token.schema';

/** Access tokens, written through the ChangeLog so that issuing and revoking leave an audit trail. */
@Injectable()
export class TokenRepository {
  private readonly store: VersionedStore<AccessTokenState>;

  constructor(
    changeLog: ChangeLog,
    @InjectModel(ACCESS_TOKEN_MODEL) model: Model<AccessToken>,
    private readonly cache: DirectoryCache,
  ) {
    this.store = new VersionedStore('access-token', model, changeLog, (events) => cache.written(events));
  }

  /** The token whose secret hashes to `hash`, as stored now: one `_id` lookup. */
  byHash(hash: string): Promise<AccessToken | null> {
    return this.store.get(hash);
  }

  /** The same, for authenticating a request: from the cache, which its revocation's event empties. */
  forAuthentication(hash: string): Promise<AccessToken | null> {
    return this.cache.read('token', hash, () => this.byHash(hash));
  }

  async ofUser(userId: string): Promise<AccessToken[]> {
    const tokens = await this.store.where('userId', userId);
    return tokens.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  create(hash: string, state: AccessTokenState, actorId: string): Promise<AccessToken> {
    return this.store.save(hash, 0, state, { scope: state.userId, kind: 'issued', actorId, events: (t) => [accessTokenChanged(t)] });
  }

  revoke(token: AccessToken, actorId: string): Promise<AccessToken> {
    const { _id, version, ...state } = token;
    return this.store.save(_id, version, { ...state, expiresAt: state.expiresAt ?? null, revokedAt: new Date() }, {
      scope: token.userId,
      kind: 'revoked',
      actorId,
      events: (t) => [accessTokenChanged(t)],
    });
  }
}
