import type { BaseProviderInterface } from './types/index.js';

export { BaseProvider } from './base-provider.js';
export { GetMultipleOptions, GetOptions } from './get-options.js';

/**
 * Powertools' registry of the providers behind its getter functions. lambkit's getters use the one
 * process-wide cache instead of provider instances, so it starts empty; `clearCaches()` clears the
 * one cache, which holds every provider's values.
 *
 * @example
 * DEFAULT_PROVIDERS.custom = new EnvProvider();
 */
export const DEFAULT_PROVIDERS: Record<string, BaseProviderInterface> = {};
