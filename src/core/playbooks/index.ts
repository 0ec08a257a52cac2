export * from './rules';
export * from './effectiveness';
