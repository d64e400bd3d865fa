import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../src/common/log.js';
import { redact, redactingLogger, registerSecrets } from '../../../src/secrets/redact.js';

describe('redaction', () => {
  it('masks a registered secret and its encoded forms in log lines and any text', () => {
    const value = 'Zq9 s3cr+t';
    registerSecrets([{ name: 'X', value }]);
    const logger = memoryLogger();
    const masked = redactingLogger(logger);
    masked.info(`connect with ${value}`);
    masked.warn(`url postgres://u:${encodeURIComponent(value)}@h`);
    masked.debug(`b64 ${Buffer.from(value).toString('base64')}`);
    const text = logger.lines.join('\n');
    expect(text).not.toContain(value);
    expect(text).not.toContain(encodeURIComponent(value));
    expect(text).toContain('******');
    expect(redact(`Error: bad ${value}`)).toBe('Error: bad ******');
    expect(redact('no secret here')).toBe('no secret here');
  });
});
