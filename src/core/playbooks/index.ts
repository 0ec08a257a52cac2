export * from './rules';
export * from './effectiveness';
export * from './task-snooze';
