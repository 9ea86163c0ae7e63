import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Db } from '../db/db.js';
import { auditUserCreated, createUser, findByEmail, listUsers, unknownEntities, updateUser } from './users.js';
import { generatePassword, hashPassword, passwordProblem } from './passwords.js';
import { ROLES, type Role } from './roles.js';

export const USER_USAGE = `inbox user add --email EMAIL --name "NAME" --role agent|coordinator|admin --entity ID[,ID…] [--language nl|en] [--password-stdin]
                     without --password-stdin a strong password is generated and printed once
  inbox user password --email EMAIL [--password-stdin]    (ends the user's sessions at once)
  inbox user disable --email EMAIL    (ends the user's sessions at once)
  inbox user list`;

/** How the command line is named in the audit log (add, password and disable are audited). */
const CLI_ACTOR = 'cli';

export interface UserCommandIo {
  stdin: AsyncIterable<Buffer | string>;
  out: (line: string) => void;
  err: (line: string) => void;
}

const processIo: UserCommandIo = {
  stdin: process.stdin,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** `inbox user …`: accounts from the command line (the first admin, password resets). Returns the exit code. */
export async function runUserCommand(args: string[], db: Db, io: UserCommandIo = processIo): Promise<number> {
  const [subcommand, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      entity: { type: 'string' },
      language: { type: 'string', default: 'nl' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  const usage = () => {
    io.err(`usage: ${USER_USAGE}`);
    return 2;
  };

  switch (subcommand) {
    case 'add': {
      const email = z.email().safeParse(values.email?.trim());
      const entities = (values.entity ?? '').split(',').map((entity) => entity.trim()).filter(Boolean);
      if (!email.success || !values.name?.trim() || !ROLES.includes(values.role as Role) || !entities.length) return usage();
      if (values.language !== 'nl' && values.language !== 'en') return usage();
      const missing = await unknownEntities(db, entities);
      if (missing.length) {
        io.err(`unknown entity: ${missing.join(', ')}`);
        return 1;
      }
      if (await findByEmail(db, email.data)) {
        io.err(`a user with e-mail ${email.data} exists already`);
        return 1;
      }
      const password = await choosePassword(values['password-stdin'], io);
      if (password === undefined) return 1;
      const user = await createUser(db, {
        email: email.data,
        name: values.name.trim(),
        role: values.role as Role,
        entities,
        language: values.language,
        passwordHash: await hashPassword(password.value),
      });
      await auditUserCreated(db, CLI_ACTOR, user);
      io.out(`user ${user.id} added: ${user.email} (${user.role}; ${user.entities.join(', ')})`);
      if (password.generated) io.out(`password (shown once): ${password.value}`);
      return 0;
    }
    case 'password': {
      if (!values.email) return usage();
      const user = await findByEmail(db, values.email);
      if (!user) {
        io.err(`no user with e-mail ${values.email}`);
        return 1;
      }
      const password = await choosePassword(values['password-stdin'], io);
      if (password === undefined) return 1;
      // Like an admin's reset in the app: audited, and the account's sessions end.
      await updateUser(db, user.id, { passwordHash: await hashPassword(password.value) }, { actor: CLI_ACTOR, self: false });
      io.out(`password set for ${user.email}; their sessions have ended`);
      if (password.generated) io.out(`password (shown once): ${password.value}`);
      return 0;
    }
    case 'disable': {
      if (!values.email) return usage();
      const user = await findByEmail(db, values.email);
      if (!user) {
        io.err(`no user with e-mail ${values.email}`);
        return 1;
      }
      await updateUser(db, user.id, { disabled: true }, { actor: CLI_ACTOR, self: false });
      io.out(`user ${user.email} disabled; their sessions have ended`);
      return 0;
    }
    case 'list': {
      const users = await listUsers(db, 'all');
      io.out(['id', 'email', 'name', 'role', 'entities', 'language', 'login', 'status', 'last login'].join('\t'));
      for (const user of users) {
        const login = [user.hasPassword ? 'password' : '', user.oidcSubject ? 'sso' : ''].filter(Boolean).join('+') || '-';
        io.out(
          [
            user.id,
            user.email,
            user.name,
            user.role,
            user.entities.join(','),
            user.language,
            login,
            user.disabled ? 'disabled' : 'active',
            user.lastLoginAt?.toISOString() ?? '-',
          ].join('\t'),
        );
      }
      return 0;
    }
    default:
      return usage();
  }
}

async function choosePassword(fromStdin: boolean | undefined, io: UserCommandIo): Promise<{ value: string; generated: boolean } | undefined> {
  if (!fromStdin) return { value: generatePassword(), generated: true };
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  const value = text.replace(/\r?\n$/, '');
  const problem = passwordProblem(value);
  if (problem) {
    io.err(problem);
    return undefined;
  }
  return { value, generated: false };
}
