/**
 * `npm run kerbside -- user add --council demo --role crew --email … --password … [--name …] [--customer id]`.
 * Adding an existing email updates that user (new password, role, council).
 */
import { addUser, ROLES, type Role } from '../services/auth.ts';
import { parseArgs, withDatabase, type CliCommand } from './command.ts';

const command: CliCommand = {
  summary: 'Add (or update) a user who signs in: admin, officer, crew or customer',
  usage: 'user add --council <slug> --role <admin|officer|crew|customer> --email <email> --password <password> [--name <name>] [--customer <id>]',
  async run(argv) {
    const { positional, options } = parseArgs(argv);
    const get = (k: string) => (typeof options[k] === 'string' ? (options[k] as string) : undefined);
    const council = get('council');
    const role = get('role');
    const email = get('email');
    const password = get('password') ?? process.env.KERBSIDE_USER_PASSWORD;
    if (positional[0] !== 'add' || !council || !role || !email || !password) {
      console.error(`Usage: npm run kerbside -- ${command.usage}`);
      return 2;
    }
    if (!ROLES.includes(role as Role)) {
      console.error(`--role must be one of ${ROLES.join(', ')}`);
      return 2;
    }
    const user = await withDatabase((ctx) =>
      addUser(ctx, { councilSlug: council, email, password, role: role as Role, name: get('name'), customerId: get('customer') }),
    );
    console.log(`User ${user.email} (${user.role}) can now sign in to ${council}.`);
    return 0;
  },
};
export default command;
