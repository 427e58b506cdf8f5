import { bootstrapService } from '@connect/platform';
import { AppModule } from './app.module';
import { configureGateway } from './http/configure';

void bootstrapService(AppModule, configureGateway);
