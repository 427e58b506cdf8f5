import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ConnectionView } from './connection-view';

/** The user whose action caused a connection event (N2 names them in notifications). */
export class ConnectionEventActor {
  @IsString() userId!: string;
  @IsString() name!: string;
  @IsEmail() email!: string;
}

/**
 * What every connection event carries: the connection's whole new state
 * (with its version), who acted, and the reason where there is one, so that
 * sync-service (S1, S6) and notification-service (N2) never call back.
 */
export class ConnectionChangedPayload {
  @IsDefined() @ValidateNested() @Type(() => ConnectionView) connection!: ConnectionView;
  @IsDefined() @ValidateNested() @Type(() => ConnectionEventActor) actor!: ConnectionEventActor;
  @IsOptional() @IsString() reason!: string | null;
}
