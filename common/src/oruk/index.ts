// Open Referral UK in and out: ids, the hub taxonomies, the records both directories publish,
// validation against the UK profile's schemas, feeds, the importer's report, and the API.
export * from './ids.ts';
export * from './taxonomy.ts';
export * from './records.ts';
export * from './wideAreas.ts';
export * from './validate.ts';
export * from './feed.ts';
export * from './importer.ts';
export * from './api.ts';
