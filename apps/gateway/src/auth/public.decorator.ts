import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'connect:public';

/** Lets a route be called without a token (health and docs are public without it). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
