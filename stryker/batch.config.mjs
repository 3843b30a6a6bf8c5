// Mutation testing of @lambkit/batch: `npm run test:mutation -- batch` (see docs/contributing.md).
import { mutationConfig } from './base.config.mjs';

export default mutationConfig('batch');
