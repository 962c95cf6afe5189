export * from './content.module';
export * from './content.service';
export * from './content.dto';
export * from './content-text';
export { ContentPages1764100841000 } from './migrations/1764100841000-content-pages';
export * from './content-files';
export { ContentFiles1764100860000 } from './migrations/1764100860000-content-files';
