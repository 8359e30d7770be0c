// `npm run hash-password`: prints a `users[].passwordHash` value for the console config.
// Interactive: asks twice without echoing. Piped: `printf %s "$PW" | npm run -s hash-password`
// (one trailing newline is ignored). Run under `tsx --conditions=react-server` so that the
// `server-only` marker in lib/auth/password.ts resolves to its empty module.
import { hashPassword, MAX_PASSWORD_LENGTH } from '@/lib/auth/password';

function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function main(): Promise<void> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await readHidden('Password: ');
    if ((await readHidden('Again: ')) !== password) throw new Error('the passwords differ');
  } else {
    password = await readPiped();
  }
  if (!password) throw new Error('empty password');
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error(`at most ${MAX_PASSWORD_LENGTH} characters`);
  if (password.length < 8) process.stderr.write('warning: passwords shorter than 8 characters are easy to guess\n');
  process.stdout.write(`${await hashPassword(password)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`hash-password: ${(e as Error).message}\n`);
  process.exit(1);
});
