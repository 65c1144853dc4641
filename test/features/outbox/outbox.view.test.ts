import { describe, expect, it } from 'vitest';
import { failedSummary, failureNotice, outboxListMessage } from '../../../src/features/outbox/outbox.view';
import { glossaryProblems } from '../../../src/domain/glossary';
import type { OutboxRow } from '../../../src/outbox/outbox';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';

function row(overrides: Partial<OutboxRow>): OutboxRow {
  return {
    id: 7,
    key: 'digest:C0DIGEST:2022-05-25',
    kind: 'digest',
    operation: 'post',
    channelId: 'C0DIGEST',
    userId: null,
    parentKey: null,
    targetTs: null,
    payload: '{}',
    version: 1,
    state: 'failed',
    attempts: 1,
    nextAttemptAt: '2022-05-25T05:30:00.000Z',
    claimedAt: null,
    uncertainSince: null,
    ts: null,
    fileId: null,
    lastError: 'not_in_channel',
    createdAt: '2022-05-25T05:30:00.000Z',
    updatedAt: '2022-05-25T05:30:00.000Z',
    sentAt: null,
    ...overrides,
  };
}

const failedDigest = row({});
const waitingBroadcastReply = row({ id: 9, key: 'noodknop:3:offer:4', kind: 'noodknop_thread', channelId: null, parentKey: 'noodknop:3:broadcast', state: 'pending', attempts: 2, lastError: 'HTTP 500', nextAttemptAt: '2022-05-25T07:05:00.000Z' });
const failedDm = row({ id: 11, key: 'role:UPERSON1:x', kind: 'role_changed', channelId: null, userId: 'UPERSON1', lastError: 'user_not_found', attempts: 3 });

const check = (message: { text: string; blocks: unknown[] }) => {
  expect(blockKitViolations('message', message as never)).toEqual([]);
  expect(glossaryProblems(visibleText(message))).toEqual([]);
};

describe('outbox.view: what an admin sees of messages that did not go out', () => {
  it('says plainly when everything went out', () => {
    const message = outboxListMessage([], []);
    expect(visibleText(message)).toContain('Alle berichten van Opvangbot zijn verstuurd');
    check(message);
  });

  it('lists failed messages first, then waiting ones, each with its number, what it is, where it goes and why', () => {
    const message = outboxListMessage([failedDigest, failedDm], [waitingBroadcastReply]);
    const text = visibleText(message);
    expect(text.indexOf('Mislukt (2)')).toBeLessThan(text.indexOf('Wacht (1)'));
    expect(text).toContain('*#7* ochtendoverzicht naar <#C0DIGEST> · *MISLUKT* · 1 poging');
    expect(text).toContain('*#11* rolwijziging naar <@UPERSON1> (privébericht) · *MISLUKT* · 3 pogingen');
    // A thread reply is named by what it belongs to, never by its outbox key.
    expect(text).toContain('naar de draad van noodknop #3 · *wacht* · 2 pogingen · volgende poging');
    expect(text).not.toContain('noodknop:3:broadcast');
    expect(text).toContain('/opvang outbox opnieuw &lt;nummer&gt;');
    check(message);
  });

  it("the admins' notice says what failed, Slack's answer and the command that retries it", () => {
    const message = failureNotice(failedDigest);
    const text = visibleText(message);
    expect(text).toContain('*ochtendoverzicht* (#7) naar <#C0DIGEST>');
    expect(text).toContain('Reden: de bot is geen lid van dat kanaal (Slack: `not_\u200din_\u200dchannel`, na 1 poging)');
    expect(text).toContain('`/opvang outbox opnieuw 7`');
    check(message);
  });

  it('the digest preview summarises failures for admins, and says nothing when there are none', () => {
    expect(failedSummary([])).toBeUndefined();
    expect(failedSummary([failedDigest])).toContain('*Niet verstuurd (1)*');
  });
});
