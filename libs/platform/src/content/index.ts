export * from './content.module';
export * from './content.service';
export * from './content.dto';
export * from './content-text';
export { ContentPages1764100841000 } from './migrations/1764100841000-content-pages';
