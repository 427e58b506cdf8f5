import { ServiceModule } from '@connect/platform';
import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { GatewayConfig } from './config';
import { DirectoryModule } from './directory/directory.module';
import { GatewayHttpModule } from './http/http.module';

@Module({
  imports: [ServiceModule.forRoot({ service: 'gateway', config: GatewayConfig }), GatewayHttpModule, DirectoryModule, AuthModule],
})
export class AppModule {}
