// dealquest-bot against telegram-test-api (npm, by jehy): a Telegram Bot API emulator written by other
// people from the documented protocol. A user (played through the emulator's client API) picks a scenario
// from the inline keyboard, negotiates one turn and asks for the debrief; the bot is then stopped with
// SIGTERM and must exit 0.
//
// Usage: node telegram_test_api.mjs <dealquest-bot> <scenarios dir> <work dir>
// Differences of the emulator we rely on being tolerated: getUpdates answers at once (no long poll),
// sendChatAction and setMyCommands are unknown methods, editMessageText returns null, and a callback query's
// message has no message_id unless the client gives one.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import TelegramServer from 'telegram-test-api';

const [bot, scenarios, work] = process.argv.slice(2);
if (!bot || !scenarios || !work) {
  console.error('usage: node telegram_test_api.mjs <dealquest-bot> <scenarios dir> <work dir>');
  process.exit(2);
}

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  s.on('error', reject);
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fail = (why) => { console.error(`FAIL: ${why}`); process.exitCode = 1; throw new Error(why); };

const token = '123456:INTEROP-TOKEN';
const server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 600 });
await server.start();
mkdirSync(work, { recursive: true });
writeFileSync(path.join(work, 'bot.yaml'),
  'llm: dry-run\ntelegram: {poll_timeout_seconds: 1, progress_throttle_ms: 0, per_chat_interval_ms: 0}\n');
const child = spawn(bot, ['--config', 'bot.yaml', '--scenarios', scenarios, '--store', 'interop.db'], {
  cwd: work,
  env: { ...process.env, TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_URL: server.config.apiURL },
  stdio: ['ignore', 'inherit', 'pipe'],
});
let stderr = '';
child.stderr.on('data', (d) => { stderr += d; });
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

const client = server.getClient(token, { chatId: 4711, userId: 4711, timeout: 10000 });
const botMessages = () => server.storage.botMessages.filter((u) => String(u.message.chat_id) === '4711');
async function waitFor(what, predicate, ms = 15000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) {
    const found = botMessages().find(predicate);
    if (found) return found;
  }
  return fail(`no bot message ${what}; bot said: ${JSON.stringify(botMessages().map((u) => u.message.text))}\n${stderr}`);
}

try {
  await client.sendCommand(client.makeCommand('/start'));
  const menu = await waitFor('with the scenario menu', (u) => u.message.reply_markup?.inline_keyboard?.length >= 5);
  const first = menu.message.reply_markup.inline_keyboard[0][0];
  console.log(`menu: ${menu.message.reply_markup.inline_keyboard.length} scenarios, pressing "${first.text}"`);
  await client.sendCallback(client.makeCallbackQuery(first.callback_data, { message: { message_id: menu.messageId } }));
  await waitFor('starting the scenario', (u) => u.message.text.includes('You are negotiating with'));
  await client.sendMessage(client.makeMessage('I can offer 80k if you close this month'));
  const reply = await waitFor('with the counterpart\'s reply', (u) => /^<b>[^<]+<\/b>: /.test(u.message.text));
  console.log(`reply (edited in place into message ${reply.messageId}): ${reply.message.text.slice(0, 100)}`);
  await client.sendCommand(client.makeCommand('/debrief'));
  const debrief = await waitFor('with the debrief', (u) => u.message.text.includes('/10'));
  console.log(`debrief: ${debrief.message.text.split('\n').slice(0, 2).join(' | ')}`);
  child.kill('SIGTERM');
  const { code, signal } = await exited;
  if (code !== 0) fail(`dealquest-bot exited ${code} (${signal}) after SIGTERM\n${stderr}`);
  console.log('PASS: dealquest-bot negotiated and debriefed against telegram-test-api, exit 0 on SIGTERM');
} catch (e) {
  child.kill('SIGKILL');
  process.exitCode = 1;
} finally {
  await server.stop();
}
