import { Injectable } from '@nestjs/common';

/** The time the rules see; unit specs pass their own, so the C14 window is testable without waiting. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
