// Mutation testing of @lambkit/logger: `npm run test:mutation -- logger` (see docs/contributing.md).
import { mutationConfig } from './base.config.mjs';

export default mutationConfig('logger');
