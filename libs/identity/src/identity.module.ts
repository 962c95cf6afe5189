import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthController, IdentityController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { IdentityService } from './identity.service';

@Module({
  imports: [JwtModule.register({})],
  controllers: [AuthController, IdentityController],
  providers: [AuthService, IdentityService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, IdentityService],
})
export class IdentityModule {}
