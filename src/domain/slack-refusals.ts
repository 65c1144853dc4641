/** Slack's refusals that people can act on, in Dutch: what is wrong, not Slack's code. */
const REFUSALS_IN_DUTCH: Record<string, string> = {
  not_in_channel: 'de bot is geen lid van dat kanaal',
  channel_not_found: 'de bot kan dat kanaal niet vinden (bestaat het nog, en is de bot erin uitgenodigd?)',
  is_archived: 'dat kanaal is gearchiveerd',
  user_not_found: 'die persoon is niet (meer) te vinden in Slack',
  message_not_found: 'het bericht bestaat niet meer',
  cant_update_message: 'het bericht kan niet meer worden aangepast',
  invalid_auth: 'de bot is niet (meer) goed geïnstalleerd',
  token_revoked: 'de bot is niet (meer) goed geïnstalleerd',
  account_inactive: 'de bot is niet (meer) goed geïnstalleerd',
  missing_scope: 'de bot mist een Slack-recht en moet opnieuw worden geïnstalleerd',
};

/** A refusal's reason (`WebApiFailure.reason`, stored as the outbox row's last error) for people. */
export function refusalInDutch(reason: string | null | undefined): string {
  return (reason && REFUSALS_IN_DUTCH[reason]) ?? 'Slack weigerde het bericht';
}
