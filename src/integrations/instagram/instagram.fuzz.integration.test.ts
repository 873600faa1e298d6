import { defineMetaMessagingFuzz } from '../../testing/meta-messaging-fuzz.ts';
import { IG_ACCOUNT_ID, instagramItems, PAGE_ID } from '../messenger/messenger.fixtures.ts';

// Instagram items written from Meta's docs (../messenger/messenger.fixtures.ts), mutated and posted signed.
defineMetaMessagingFuzz({
  platform: 'instagram',
  object: 'instagram',
  ownId: IG_ACCOUNT_ID,
  config: {
    pageId: PAGE_ID,
    instagramAccountId: IG_ACCOUNT_ID,
    pageAccessToken: 'fuzz-ig-token',
    verifyToken: 'v',
  },
  items: Object.values(instagramItems),
  seed: 20_261_208,
});
