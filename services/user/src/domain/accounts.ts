import type { CreateAccountBody, TokenPair, User as UserView } from "@ustbites/contracts";
import { PROBLEM_TYPES } from "@ustbites/contracts";
import { conflict, HttpProblem, newId, unauthorized } from "@ustbites/kit";
import type { User } from "../generated/prisma/client.ts";
import { isUniqueViolation, type Db, type UserRepository } from "../repositories/users.ts";
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from "./passwords.ts";
import type { SigningKey } from "./signing-key.ts";
import { hashRefreshToken, newRefreshToken, signAccessToken, type TokenSettings } from "./tokens.ts";

export interface AccountDeps {
  users: UserRepository;
  key: SigningKey;
  tokens: TokenSettings;
  now: () => Date;
}

const invalidCredentials = () =>
  new HttpProblem(401, "Unauthorized", {
    type: PROBLEM_TYPES.invalidCredentials,
    detail: "Email or password is wrong",
  });
const invalidRefresh = (detail: string) =>
  new HttpProblem(401, "Unauthorized", { type: PROBLEM_TYPES.unauthorized, detail });

export const toUserView = (user: User): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  phone: user.phone,
  role: user.role,
  restaurantId: user.restaurantId,
  courierId: user.courierId,
  createdAt: user.createdAt.toISOString(),
});

/**
 * A sign-in, registration or refresh: the user, their tokens, and when the refresh token stops
 * working. The route decides how the refresh token travels (cookie or body).
 */
export interface SignedIn {
  user: UserView;
  tokens: TokenPair & { refreshToken: string };
  refreshExpiresAt: Date;
}

/** Registration, login and the refresh-token rotation rules; routes only translate HTTP to these. */
export function createAccounts(deps: AccountDeps) {
  const { users, key, tokens, now } = deps;

  /**
   * A new refresh token in `familyId`. It slides (refreshTtlSeconds from now) but never past the
   * family's absolute end, set at sign-in: a stolen token cannot be kept alive forever by refreshing.
   */
  async function signIn(user: User, familyId: string, familyExpiresAt: Date | null, db?: Db): Promise<SignedIn> {
    const refresh = newRefreshToken();
    const at = now().getTime();
    const absolute = familyExpiresAt ?? new Date(at + tokens.refreshAbsoluteTtlSeconds * 1000);
    const expiresAt = new Date(Math.min(at + tokens.refreshTtlSeconds * 1000, absolute.getTime()));
    await users.insertRefreshToken(
      { id: newId(), userId: user.id, familyId, tokenHash: refresh.hash, expiresAt, familyExpiresAt: absolute },
      db,
    );
    return {
      user: toUserView(user),
      tokens: {
        accessToken: await signAccessToken(key, tokens, user),
        refreshToken: refresh.token,
        tokenType: "Bearer",
        expiresIn: tokens.accessTtlSeconds,
      },
      refreshExpiresAt: expiresAt,
    };
  }

  return {
    async register(input: {
      email: string;
      password: string;
      name: string;
      phone?: string | undefined;
    }): Promise<SignedIn> {
      const passwordHash = await hashPassword(input.password);
      try {
        return await users.transaction(async (tx) => {
          const user = await users.createUser(
            {
              id: newId(),
              email: input.email,
              name: input.name,
              phone: input.phone ?? null,
              passwordHash,
              role: "student",
            },
            tx,
          );
          return signIn(user, newId(), null, tx);
        });
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict("An account with this email already exists", PROBLEM_TYPES.emailTaken);
        throw err;
      }
    },

    /** An admin creates a staff, courier or admin account; its first sign-in is the person's own. */
    async createAccount(input: CreateAccountBody): Promise<UserView> {
      const passwordHash = await hashPassword(input.password);
      try {
        const user = await users.createUser({
          id: newId(),
          email: input.email,
          name: input.name,
          phone: null,
          passwordHash,
          role: input.role,
          restaurantId: input.role === "staff" ? input.restaurantId : null,
          courierId: input.role === "courier" ? input.courierId : null,
        });
        return toUserView(user);
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict("An account with this email already exists", PROBLEM_TYPES.emailTaken);
        throw err;
      }
    },

    async login(input: { email: string; password: string }): Promise<SignedIn> {
      const user = await users.findByEmail(input.email);
      // Verify against a dummy hash for unknown emails, so timing does not reveal which accounts exist.
      const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) throw invalidCredentials();
      // The one moment the password is known: bring a hash made with older parameters up to today's.
      if (needsRehash(user.passwordHash)) await users.updatePasswordHash(user.id, await hashPassword(input.password));
      return signIn(user, newId(), null);
    },

    async refresh(refreshToken: string): Promise<SignedIn> {
      const stored = await users.findRefreshToken(hashRefreshToken(refreshToken));
      if (!stored) throw invalidRefresh("Unknown refresh token");
      const at = now();
      if (stored.revokedAt) throw invalidRefresh("Refresh token revoked");
      if (stored.expiresAt <= at) throw invalidRefresh("Refresh token expired");
      return users
        .transaction(async (tx) => {
          if (!(await users.consumeRefreshToken(stored.id, at, tx))) {
            // Used before: someone else holds a copy. Revoke the whole family so neither copy works.
            await users.revokeFamily(stored.familyId, at, tx);
            return null;
          }
          return signIn(stored.user, stored.familyId, stored.familyExpiresAt, tx);
        })
        .then((result) => {
          if (!result) throw invalidRefresh("Refresh token reuse detected; sign in again");
          return result;
        });
    },

    /** Revokes the token's session; with `userId` (a sign-out by access token), only if the token is that user's. */
    async logout(refreshToken: string, userId?: string): Promise<void> {
      const stored = await users.findRefreshToken(hashRefreshToken(refreshToken));
      // Someone else's token, or an unknown one: nothing to do, and nothing to reveal.
      if (!stored || (userId !== undefined && stored.userId !== userId)) return;
      await users.revokeFamily(stored.familyId, now());
    },

    /** New name and/or phone. Access tokens carry the phone, so the next refresh passes it on. */
    async updateProfile(
      userId: string,
      changes: { name?: string | undefined; phone?: string | null | undefined },
    ): Promise<UserView> {
      const user = await users.updateProfile(userId, {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
      });
      if (!user) throw unauthorized("account no longer exists");
      return toUserView(user);
    },

    async me(userId: string): Promise<UserView> {
      const user = await users.findById(userId);
      if (!user) throw unauthorized("account no longer exists");
      return toUserView(user);
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
