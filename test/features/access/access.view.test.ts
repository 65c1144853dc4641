import { describe, expect, it } from 'vitest';
import { rolesMessage } from '../../../src/features/access/access.view';
import { visibleText } from '../../support/bot';

describe('access.view: /opvang rechten', () => {
  it('lists admins and editors in Dutch with since when and by whom', () => {
    const text = visibleText(
      rolesMessage([
        { userId: 'UADMIN1', role: 'admin', grantedBy: 'OPVANG_ADMINS', grantedAt: '2022-05-01T08:00:00Z' },
        { userId: 'UEDITOR1', role: 'editor', grantedBy: 'UADMIN1', grantedAt: '2022-05-23T12:00:00Z' },
      ]),
    );
    expect(text).toContain('• <@UADMIN1>: beheerder · sinds 1 mei 2022 10:00');
    expect(text).toContain('• <@UEDITOR1>: bewerker · sinds 23 mei 2022 14:00 door <@UADMIN1>');
    expect(text).toContain('Iedereen anders is lezer.');
  });
});
