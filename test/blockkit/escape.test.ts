import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, personRef, truncate } from '../../src/blockkit/escape';

describe('escapeMrkdwn', () => {
  it('makes typed markup show as typed: no mention, no link, no bold', () => {
    expect(escapeMrkdwn('<!channel> & <@U123> <http://x|klik>')).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;http://x|klik&gt;');
    expect(escapeMrkdwn('*dringend*')).toBe('*\u200ddringend*\u200d');
  });
});

describe('personRef', () => {
  it('mentions a Slack user id and escapes anything else', () => {
    expect(personRef('UEDITOR1')).toBe('<@UEDITOR1>');
    expect(personRef('WENTERPRISE1')).toBe('<@WENTERPRISE1>');
    expect(personRef('Piet <COA>')).toBe('Piet &lt;COA&gt;');
    expect(personRef('Jan_de_Vries')).toBe('Jan_\u200dde_\u200dVries');
    // The bot's own actors, in words: never a system or setting name.
    expect(personRef('OPVANG_ADMINS')).toBe('de installatie');
    expect(personRef('seed')).toBe('de startgegevens');
    expect(personRef('scheduler')).toBe('Opvangbot (op schema)');
    expect(personRef('console')).toBe('de console');
    expect(personRef('cli:piet_j')).toBe('piet_\u200dj (via de opdrachtregel)');
  });
});

describe('truncate', () => {
  it('keeps text within a limit with an ellipsis', () => {
    expect(truncate('Sporthal', 20)).toBe('Sporthal');
    expect(truncate('Sporthal Ommen', 6)).toBe('Sport…');
  });
});
