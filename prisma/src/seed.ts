/** The slice of a product's `prisma.user` that seeding uses. */
interface SeedDelegate<Data> {
  findUnique(args: { where: { email: string } }): PromiseLike<unknown>;
  create(args: { data: Data }): PromiseLike<unknown>;
}

/** Creates the demo's legacy users (with their product data) that are missing; never touches existing rows. */
export async function createMissingUsers<Data extends { email: string }>(
  users: SeedDelegate<Data>,
  rows: Data[],
): Promise<void> {
  for (const data of rows) {
    if (await users.findUnique({ where: { email: data.email } })) continue;
    await users.create({ data });
  }
}
