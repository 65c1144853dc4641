import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';

describe('logger', () => {
  it('never prints a token or the signing secret, also inside errors and nested fields', () => {
    const lines: string[] = [];
    const logger = createLogger({ format: 'json', level: 'debug', secrets: ['s3cret-signing-value'], write: (l) => lines.push(l) });
    logger.event('error', 'x', { error: new Error('auth failed for xoxb-1234-5678-abcdef with s3cret-signing-value'), nested: { token: 'xapp-1-A0-123-abc' } });
    logger.error('plain', 'xoxp-999-888', { secret: 's3cret-signing-value' });
    const out = lines.join('\n');
    expect(out).not.toMatch(/xox[bp]-|xapp-|s3cret-signing-value/);
    expect(out).toContain('[verborgen]');
  });

  it('writes JSON lines in production format and keeps the configured level whatever Bolt sets', () => {
    const lines: string[] = [];
    const logger = createLogger({ format: 'json', level: 'warn', write: (l) => lines.push(l) });
    logger.setLevel('debug' as never);
    logger.event('info', 'quiet');
    logger.event('warn', 'loud', { user: 'U1', action: 'noodknop.place' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', event: 'loud', user: 'U1', action: 'noodknop.place' });
  });
});
