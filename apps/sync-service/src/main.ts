import { bootstrapService } from '@connect/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule);
