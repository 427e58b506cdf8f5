import { ChangeLog } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { VersionedStore } from '../../common/versioned-store';
import { ACCESS_TOKEN_MODEL, AccessToken, AccessTokenState } from './token.schema';

/** Access tokens, written through the ChangeLog so that issuing and revoking leave an audit trail. */
@Injectable()
export class TokenRepository {
  private readonly store: VersionedStore<AccessTokenState>;

  constructor(changeLog: ChangeLog, @InjectModel(ACCESS_TOKEN_MODEL) model: Model<AccessToken>) {
    this.store = new VersionedStore('access-token', model, changeLog);
  }

  /** The token whose secret hashes to `hash`: one `_id` lookup, on every authenticated request. */
  byHash(hash: string): Promise<AccessToken | null> {
    return this.store.get(hash);
  }

  async ofUser(userId: string): Promise<AccessToken[]> {
    const tokens = await this.store.where('userId', userId);
    return tokens.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  create(hash: string, state: AccessTokenState, actorId: string): Promise<AccessToken> {
    return this.store.save(hash, 0, state, { scope: state.userId, kind: 'issued', actorId });
  }

  revoke(token: AccessToken, actorId: string): Promise<AccessToken> {
    const { _id, version, ...state } = token;
    return this.store.save(_id, version, { ...state, expiresAt: state.expiresAt ?? null, revokedAt: new Date() }, { scope: token.userId, kind: 'revoked', actorId });
  }
}
