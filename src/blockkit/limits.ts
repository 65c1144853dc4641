/**
 * Slack's documented Block Kit limits, checked against what we render. Tests assert every view is
 * inside them, and the fake Web API refuses payloads that are not, as Slack does (invalid_blocks).
 */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  inputHint: 2000,
  blockId: 255,
  actionId: 255,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

export type Surface = 'message' | 'modal' | 'home';

type Json = Record<string, unknown>;

const textOf = (value: unknown): string => (value && typeof value === 'object' && typeof (value as Json).text === 'string' ? ((value as Json).text as string) : '');

function checkElement(element: Json, where: string, problems: string[]): void {
  const type = element.type;
  if (typeof element.action_id === 'string' && element.action_id.length > LIMITS.actionId) problems.push(`${where}: action_id langer dan ${LIMITS.actionId}`);
  if (type === 'button') {
    if (textOf(element.text).length > LIMITS.buttonText) problems.push(`${where}: knoptekst langer dan ${LIMITS.buttonText}`);
    if (typeof element.value === 'string' && element.value.length > LIMITS.buttonValue) problems.push(`${where}: knopwaarde te lang`);
  }
  const options = (element.options as Json[] | undefined) ?? [];
  if (options.length > LIMITS.selectOptions) problems.push(`${where}: meer dan ${LIMITS.selectOptions} opties`);
  for (const option of options) {
    if (textOf(option.text).length > LIMITS.optionText) problems.push(`${where}: optietekst langer dan ${LIMITS.optionText}`);
    if (typeof option.value === 'string' && option.value.length > LIMITS.optionValue) problems.push(`${where}: optiewaarde langer dan ${LIMITS.optionValue}`);
  }
}

/** Returns one line per violated limit; empty when the payload is valid. */
export function findLimitViolations(surface: Surface, payload: { blocks?: unknown[]; text?: string; title?: unknown; submit?: unknown; close?: unknown; private_metadata?: string; callback_id?: string }): string[] {
  const problems: string[] = [];
  const blocks = (payload.blocks ?? []) as Json[];
  const maxBlocks = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blokken, maximaal ${maxBlocks}`);
  if (payload.text && payload.text.length > LIMITS.messageText) problems.push(`tekst langer dan ${LIMITS.messageText}`);
  if (surface === 'modal') {
    if (textOf(payload.title).length > LIMITS.modalTitle) problems.push(`modaltitel "${textOf(payload.title)}" langer dan ${LIMITS.modalTitle}`);
    if (textOf(payload.title).length === 0) problems.push('modal zonder titel');
    for (const button of [payload.submit, payload.close]) if (textOf(button).length > LIMITS.modalButton) problems.push(`modalknop langer dan ${LIMITS.modalButton}`);
  }
  if (payload.private_metadata && payload.private_metadata.length > LIMITS.privateMetadata) problems.push('private_metadata te lang');
  if (payload.callback_id && payload.callback_id.length > LIMITS.callbackId) problems.push('callback_id te lang');
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const where = `blok ${index + 1} (${String(block.type)})`;
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > LIMITS.blockId) problems.push(`${where}: block_id te lang`);
      if (blockIds.has(block.block_id)) problems.push(`${where}: block_id "${block.block_id}" dubbel`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'section': {
        const text = textOf(block.text);
        if (text.length > LIMITS.sectionText) problems.push(`${where}: tekst ${text.length} tekens, maximaal ${LIMITS.sectionText}`);
        const fields = (block.fields as Json[] | undefined) ?? [];
        if (fields.length > LIMITS.sectionFields) problems.push(`${where}: meer dan ${LIMITS.sectionFields} velden`);
        for (const field of fields) if (textOf(field).length > LIMITS.fieldText) problems.push(`${where}: veld langer dan ${LIMITS.fieldText}`);
        if (!text && fields.length === 0) problems.push(`${where}: sectie zonder tekst of velden`);
        if (block.accessory) checkElement(block.accessory as Json, where, problems);
        break;
      }
      case 'header':
        if (textOf(block.text).length > LIMITS.headerText) problems.push(`${where}: kop langer dan ${LIMITS.headerText}`);
        break;
      case 'context': {
        const elements = (block.elements as Json[] | undefined) ?? [];
        if (elements.length > LIMITS.contextElements) problems.push(`${where}: meer dan ${LIMITS.contextElements} elementen`);
        for (const element of elements) if (textOf(element).length > LIMITS.sectionText) problems.push(`${where}: contexttekst te lang`);
        break;
      }
      case 'actions': {
        const elements = (block.elements as Json[] | undefined) ?? [];
        if (elements.length > LIMITS.actionsElements) problems.push(`${where}: meer dan ${LIMITS.actionsElements} elementen`);
        elements.forEach((element) => checkElement(element, where, problems));
        break;
      }
      case 'input': {
        if (textOf(block.label).length > LIMITS.inputLabel) problems.push(`${where}: label te lang`);
        if (surface === 'message') problems.push(`${where}: invoerblok hoort niet in een bericht`);
        if (block.element) checkElement(block.element as Json, where, problems);
        break;
      }
      default:
        break;
    }
  });
  return problems;
}
