/**
 * Slack's documented Block Kit limits that the renderers truncate and slice to
 * (docs.slack.dev/reference/block-kit/blocks, …/block-elements, …/composition-objects,
 * …/views/modal-views). Whether a payload is valid is decided in the tests by the conformance
 * validator (test/support/conformance/block-kit-rules.ts), which the fake Web API applies to
 * every call; production code keeps only the numbers it needs.
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
