// clientnote seed: the demo organisations and users (idempotent; refused in production).
import { loadConfig } from '../../config/index.ts';
import { createKnex } from '../../db/knex.ts';
import { seedDemo } from '../../db/seeds/demo.ts';
import { hashPassword } from '../../api/auth/passwords.ts';

export async function run(_args: string[]): Promise<number> {
  const config = loadConfig();
  if (config.env === 'production') {
    process.stderr.write('clientnote seed: demo data is refused when NODE_ENV=production\n');
    return 1;
  }
  const knex = createKnex(config.database.ownerUrl, { poolMax: 2 });
  try {
    const result = await seedDemo(knex, { passwordHash: await hashPassword(config.demoPassword) });
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  } finally {
    await knex.destroy();
  }
}
