export * from './complaints.module';
export * from './complaints.schema';
export * from './complaints.errors';
export * from './cases/case.entity';
export * from './cases/cases.service';
export * from './cases/case-views';
export * from './rules/case-windows';
export * from './dto/case.dto';
