// The demo fleet's accounts (`npm run demo`). The plaintext passwords exist only so the
// login page can show them in its PMTA_CONSOLE_DEMO banner; the demo script writes the
// precomputed hashes into the generated config. Never use these outside the demo.
// Deliberately not server-only: the demo script imports this under plain tsx.
import type { Role } from './roles';

export interface DemoUser {
  username: string;
  password: string;
  passwordHash: string;
  role: Role;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'viewer',
    password: 'viewer-demo',
    passwordHash: 'scrypt$16384$8$1$b3NuHpdLHRsqr5lTaybYDA==$o33gn55NnP38kTrD6T7mSvWJeujSkEr7gOooiYvVqzM=',
    role: 'viewer',
  },
  {
    username: 'operator',
    password: 'operator-demo',
    passwordHash: 'scrypt$16384$8$1$2EEW/xSYvEJUFFP7zMr0fw==$1zio3qlD82NreLv+g2DHtB5E9sbK+wLPmTae7wULy38=',
    role: 'operator',
  },
  {
    username: 'admin',
    password: 'admin-demo',
    passwordHash: 'scrypt$16384$8$1$RniZb5KGPNqPdjreyEsXiw==$HNUoC5t1v1yT30iAVXCJLik1ZmMacLUzTIRECgk5svQ=',
    role: 'admin',
  },
];

/** The `users:` entries for a generated demo config (no plaintext). */
export function demoUsersConfig(): { username: string; passwordHash: string; role: Role }[] {
  return DEMO_USERS.map(({ username, passwordHash, role }) => ({ username, passwordHash, role }));
}
