/** The fixed bot messages of flows.yml (`messages:`), each a list of variants. */
export const MESSAGE_KEYS = [
  'welcome', 'fallback', 'empty', 'tooLong', 'unavailable', 'frustration', 'handoff', 'handoffSentiment', 'handoffFallback',
  // asking for an order and finding it
  'orderAsk', 'orderAskNumber', 'orderAskGuest', 'returnAsk', 'refundAsk', 'cancelAsk', 'pickRecentOrder',
  'orderInvalid', 'orderNotFound',
  // a guest proving an order is theirs
  'guestProofAsk', 'guestProofMissing', 'guestProofFailed', 'guestProofLocked',
  // order status
  'orderStatusPlaced', 'orderStatusShipped', 'orderStatusDelivered', 'orderStatusReturned', 'orderStatusCancelled', 'orderTracking',
  // returns
  'returnNotShipped', 'returnInTransit', 'returnEligible', 'returnTooLate', 'returnAlreadyReturned', 'returnCancelled',
  // refunds
  'refundNotDelivered', 'refundNotReturned', 'refundWindowClosed', 'refundReturned', 'refundLate', 'refundCancelled',
  // cancellation
  'cancelPossible', 'cancelShipped', 'cancelDelivered', 'cancelAlready',
  // products
  'recommendIntro', 'recommendIntroGuest', 'recommendIntroSession', 'searchIntro', 'recommendNoMatch', 'recommendNoMatchGuest',
  'recommendNone', 'moreLikeThisIntro', 'productDetails', 'productWhy', 'productWhyUnknown', 'unknownProduct',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];
