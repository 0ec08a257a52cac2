import { defineConfig, mergeConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import viteConfig from './vite.config.ts';

/** Component tests in a real browser: Debian's Chromium through Playwright (no browser download exists here). */
export default mergeConfig(
  viteConfig,
  defineConfig({
    // Pre-bundled up front: a dependency discovered mid-run makes Vite reload the page under a running test.
    optimizeDeps: {
      include: [
        'react',
        'react/jsx-dev-runtime',
        'react/jsx-runtime',
        'react-dom',
        'react-dom/client',
        'recharts',
        'clsx',
        '@radix-ui/react-dialog',
        '@radix-ui/react-label',
        '@radix-ui/react-popover',
        '@radix-ui/react-select',
        '@radix-ui/react-slot',
        '@radix-ui/react-tabs',
        '@radix-ui/react-tooltip',
        '@tanstack/react-query',
        '@tanstack/react-router',
      ],
      exclude: ['vitest-browser-react'],
    },
    test: {
      include: ['src/**/*.test.{ts,tsx}'],
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({
          // Fixed locale and time zone: formatting tests read exact text.
          contextOptions: { locale: 'en-US', timezoneId: 'Europe/Paris' },
          launchOptions: {
            executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
            args: [
              '--no-sandbox',
              '--disable-gpu',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
              '--no-first-run',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  }),
);
