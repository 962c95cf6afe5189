// The reference receiver of the provincial exchange contract (docs/provincial-api.md): run alone by
// apps/provincial-sim, and started beside the platform by the api on the embedded default.
export * from './provincial-sim';
