import { DynamicModule, Inject, Module } from '@nestjs/common';
import type { AppConfig } from './config';

/** The injection token of the validated configuration (AppConfig). */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injects the validated configuration: `constructor(@InjectConfig() config: AppConfig)`. */
export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);

/**
 * The one door for configuration in the service: the environment is validated once at start-up (loadConfig, in
 * main.ts) and that result is injected wherever a setting is needed, so no service reads process.env or
 * validates on its own.
 */
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
