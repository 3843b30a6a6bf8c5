// Mutation testing of @lambkit/s3: `npm run test:mutation -- s3` (see docs/contributing.md).
import { mutationConfig } from './base.config.mjs';

export default mutationConfig('s3');
