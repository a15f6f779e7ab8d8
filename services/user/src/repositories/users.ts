import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import type { Role } from "../generated/prisma/enums.ts";

export type Db = PrismaClient | Prisma.TransactionClient;

export interface NewRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  familyExpiresAt: Date;
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  passwordHash: string;
  /** Absent: a student (self-registration). */
  role?: Role;
  restaurantId?: string | null;
  courierId?: string | null;
}

export const isUniqueViolation = (err: unknown): boolean =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
const isNotFound = (err: unknown): boolean =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025";

export function createUserRepository(prisma: PrismaClient) {
  return {
    transaction: <T>(fn: (tx: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn),

    createUser: (data: NewUser, db: Db = prisma) => db.user.create({ data }),

    updatePasswordHash: (id: string, passwordHash: string) =>
      prisma.user.update({ where: { id }, data: { passwordHash } }),

    /**
     * Creates the accounts that do not exist yet (by email); existing ones, their passwords included,
     * stay as they are. Returns how many were created.
     */
    seed: async (accounts: NewUser[]): Promise<number> =>
      (await prisma.user.createMany({ data: accounts, skipDuplicates: true })).count,

    updateProfile: (id: string, data: { name?: string; phone?: string | null }) =>
      prisma.user.update({ where: { id }, data }).catch((err: unknown) => {
        if (isNotFound(err)) return null;
        throw err;
      }),

    existingEmails: async (emails: string[]): Promise<string[]> =>
      (await prisma.user.findMany({ where: { email: { in: emails } }, select: { email: true } })).map((u) => u.email),

    findByEmail: (email: string) => prisma.user.findUnique({ where: { email } }),

    findById: (id: string) => prisma.user.findUnique({ where: { id } }),

    insertRefreshToken: (data: NewRefreshToken, db: Db = prisma) => db.refreshToken.create({ data }),

    findRefreshToken: (tokenHash: string) =>
      prisma.refreshToken.findUnique({ where: { tokenHash }, include: { user: true } }),

    /**
     * Marks a token used only if nobody used it first. Two concurrent refreshes with the same token
     * race here; exactly one sees count 1, the other is treated as reuse.
     */
    consumeRefreshToken: async (id: string, now: Date, db: Db = prisma): Promise<boolean> => {
      const { count } = await db.refreshToken.updateMany({
        where: { id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      return count === 1;
    },

    revokeFamily: (familyId: string, now: Date, db: Db = prisma) =>
      db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } }),
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
