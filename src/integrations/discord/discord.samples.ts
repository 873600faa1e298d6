/**
 * Interactions written for the tests from Discord's documentation ("Interactions > Receiving and
 * Responding" → Interaction object; "Application Commands" → option types and `resolved`; "Message
 * Components" → buttons, string selects, text inputs in modals), for the cases the shared real
 * fixtures do not cover: a DM (`user` instead of `member`), sub-commands, user and attachment
 * options, a button and a select on one of our messages, a modal submit. Ids are made-up snowflakes.
 * Test data only: nothing at run time imports this file.
 */

const APP = '1200000000000000000';
const nelly = { id: '80351110224678912', username: 'nelly', global_name: 'Nelly', discriminator: '0' };
const rui = { id: '80351110224678913', username: 'rui', global_name: null, discriminator: '0' };
const member = { user: rui, nick: 'Rui (shop)', roles: [], joined_at: '2024-01-02T10:00:00.000000+00:00' };
const ourMessage = (components: unknown[]) => ({
  id: '1290000000000000042',
  channel_id: '1300000000000000888',
  author: { id: APP, username: 'omnify-bot', bot: true },
  content: 'Which slot suits you?',
  timestamp: '2024-11-01T10:00:00.000000+00:00',
  components,
});

/** Name → interaction body. */
export const DISCORD_SAMPLES: Record<string, Record<string, unknown>> = {
  'dm_slash_subcommand.json': {
    id: '1300000000000000001',
    application_id: APP,
    type: 2,
    token: 'aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMTp0ZXN0',
    version: 1,
    context: 1,
    channel_id: '1300000000000000777',
    channel: { id: '1300000000000000777', type: 1 },
    user: nelly,
    locale: 'en-US',
    data: {
      id: '1100000000000000001',
      name: 'order',
      type: 1,
      options: [
        {
          name: 'status',
          type: 1,
          options: [
            { name: 'number', type: 4, value: 1042 },
            { name: 'for', type: 6, value: nelly.id },
          ],
        },
      ],
      resolved: { users: { [nelly.id]: nelly } },
    },
  },
  'guild_button_click.json': {
    id: '1300000000000000002',
    application_id: APP,
    type: 3,
    token: 'dG9rZW4tYnV0dG9u',
    version: 1,
    guild_id: '1300000000000000999',
    channel_id: '1300000000000000888',
    member,
    message: ourMessage([
      {
        type: 1,
        components: [
          { type: 2, style: 1, label: 'Saturday morning', custom_id: 'slot:sat-am' },
          { type: 2, style: 2, label: 'Sunday', custom_id: 'slot:sun' },
        ],
      },
    ]),
    data: { custom_id: 'slot:sat-am', component_type: 2 },
  },
  'guild_string_select.json': {
    id: '1300000000000000003',
    application_id: APP,
    type: 3,
    token: 'dG9rZW4tc2VsZWN0',
    version: 1,
    guild_id: '1300000000000000999',
    channel_id: '1300000000000000888',
    member,
    message: ourMessage([
      {
        type: 1,
        components: [
          {
            type: 3,
            custom_id: 'size',
            options: [
              { label: 'Small', value: 's' },
              { label: 'Medium', value: 'm' },
            ],
          },
        ],
      },
    ]),
    data: { custom_id: 'size', component_type: 3, values: ['m'] },
  },
  'guild_modal_submit.json': {
    id: '1300000000000000004',
    application_id: APP,
    type: 5,
    token: 'dG9rZW4tbW9kYWw',
    version: 1,
    guild_id: '1300000000000000999',
    channel_id: '1300000000000000888',
    member,
    data: {
      custom_id: 'feedback',
      components: [{ type: 1, components: [{ type: 4, custom_id: 'comment', value: 'Great service' }] }],
    },
  },
  'guild_slash_attachment.json': {
    id: '1300000000000000005',
    application_id: APP,
    type: 2,
    token: 'dG9rZW4tYXR0YWNo',
    version: 1,
    guild_id: '1300000000000000999',
    channel_id: '1300000000000000888',
    member,
    data: {
      id: '1100000000000000002',
      name: 'ask',
      type: 1,
      options: [{ name: 'photo', type: 11, value: '1300000000000000100' }],
      resolved: {
        attachments: {
          '1300000000000000100': {
            id: '1300000000000000100',
            filename: 'charger.jpg',
            size: 48213,
            url: 'https://cdn.discordapp.com/ephemeral-attachments/1/1300000000000000100/charger.jpg',
            proxy_url: 'https://media.discordapp.net/ephemeral-attachments/1/1300000000000000100/charger.jpg',
            content_type: 'image/jpeg',
            width: 1280,
            height: 960,
          },
        },
      },
    },
  },
};
