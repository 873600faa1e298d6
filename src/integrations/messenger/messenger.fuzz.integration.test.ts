import { defineMetaMessagingFuzz } from '../../testing/meta-messaging-fuzz.ts';
import { messengerItems, PAGE_ID } from './messenger.fixtures.ts';

// Messenger items written from Meta's docs (messenger.fixtures.ts), mutated and posted signed.
defineMetaMessagingFuzz({
  platform: 'messenger',
  object: 'page',
  ownId: PAGE_ID,
  config: { pageId: PAGE_ID, pageAccessToken: 'fuzz-page-token', verifyToken: 'v' },
  items: Object.values(messengerItems),
  seed: 20_261_207,
});
