export * from './organisation-kind';
export * from './uscc';
export * from './password';
export * from './auth.service';
export * from './auth.guard';
export * from './identity.service';
export * from './identity.module';
export * from './identity.schema';
