import {
  ApproveConnectionCommand,
  ApproveConnectionV1,
  CancelConnectionCommand,
  CancelConnectionV1,
  ConnectionDetails,
  DisconnectConnectionCommand,
  DisconnectConnectionV1,
  RejectConnectionCommand,
  RejectConnectionV1,
  UndoConnectionCommand,
  UndoConnectionV1,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { approve, cancel, disconnect, reject, undo } from '../domain/connection';
import { RevisionLimit } from '../infrastructure/revision-limit';
import { ConnectionLifecycle } from './connection-lifecycle.service';

/** C8, C10, C14: the decisions on an existing connection. */
@Injectable()
export class ConnectionDecisionsHandler {
  constructor(
    private readonly lifecycle: ConnectionLifecycle,
    private readonly revisions: RevisionLimit,
  ) {}

  /** C8 with C5 checked again: either register may have grown since the request. */
  @HandleMessage(ApproveConnectionV1)
  approve(command: ApproveConnectionCommand): Promise<ConnectionDetails> {
    return this.lifecycle.change(command.connectionId, command.actor, async (connection, timing) => {
      const transition = approve(connection, command.actor, timing);
      await this.revisions.check(connection.state.downstream, connection.state.upstream);
      return transition;
    });
  }

  @HandleMessage(RejectConnectionV1)
  reject(command: RejectConnectionCommand): Promise<ConnectionDetails> {
    return this.lifecycle.change(command.connectionId, command.actor, (connection, timing) => reject(connection, command.actor, command.reason, timing));
  }

  @HandleMessage(CancelConnectionV1)
  cancel(command: CancelConnectionCommand): Promise<ConnectionDetails> {
    return this.lifecycle.change(command.connectionId, command.actor, (connection, timing) => cancel(connection, command.actor, timing));
  }

  @HandleMessage(DisconnectConnectionV1)
  disconnect(command: DisconnectConnectionCommand): Promise<ConnectionDetails> {
    return this.lifecycle.change(command.connectionId, command.actor, (connection, timing) =>
      disconnect(connection, command.actor, command.acceptTerms, command.reason, timing),
    );
  }

  @HandleMessage(UndoConnectionV1)
  undo(command: UndoConnectionCommand): Promise<ConnectionDetails> {
    return this.lifecycle.change(command.connectionId, command.actor, (connection, timing) => undo(connection, command.actor, timing));
  }
}
