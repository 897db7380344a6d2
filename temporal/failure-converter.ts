// Failure messages and stack traces move into encoded attributes, so the codec
// encrypts them too. Loaded by path inside the workflow sandbox as well.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
