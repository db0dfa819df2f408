import { createInterface } from 'node:readline';
import { assertAcceptablePassword } from '../auth/passwords.js';

/** Reads one line from a terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new Error('cancelled'));
          return;
        }
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The first line of a piped standard input. */
function readLine(): Promise<string> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.once('line', (line) => {
      resolve(line);
      lines.close();
    });
    lines.once('close', () => resolve(''));
  });
}

/** The new password: from the environment variable when given, else asked twice on a terminal, else one piped line. */
export async function readPassword(fromEnvironment: string | undefined): Promise<string> {
  let password: string;
  if (fromEnvironment !== undefined && fromEnvironment !== '') password = fromEnvironment;
  else if (process.stdin.isTTY) {
    password = await promptHidden('password: ');
    if ((await promptHidden('again: ')) !== password) throw new Error('the two passwords differ');
  } else password = await readLine();
  assertAcceptablePassword(password);
  return password;
}
